package org.sparkharness.driver.config;

import java.io.Serializable;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.OptimizerConfig;

/** The whole configuration file. Every section is optional; defaults live in each section's record. */
public record HarnessConfig(RunConfig run, DataConfig data, ModelSpec model, OptimizerConfig optimizer,
                            PsConfig ps, SparkConfig spark, FederatedConfig federated) implements Serializable {
    public HarnessConfig {
        run = run == null ? RunConfig.defaults() : run;
        data = data == null ? DataConfig.defaults() : data;
        model = model == null ? MlpSpec.defaults() : model;
        optimizer = optimizer == null ? AdamWConfig.defaults() : optimizer;
        ps = ps == null ? PsConfig.defaults() : ps;
        spark = spark == null ? SparkConfig.defaults() : spark;
        federated = federated == null ? FederatedConfig.defaults() : federated;
    }

    /** A configuration without a federated section (parameter-server runs). */
    public HarnessConfig(RunConfig run, DataConfig data, ModelSpec model, OptimizerConfig optimizer, PsConfig ps,
                         SparkConfig spark) {
        this(run, data, model, optimizer, ps, spark, null);
    }

    /**
     * The master to use: the configured one, or local[workers, 4] so every worker has a task slot and a failed task
     * is tried again up to 4 times, as on a cluster.
     */
    public String sparkMaster() {
        return spark.master() != null ? spark.master() : "local[" + ps.workers() + ",4]";
    }

    public HarnessConfig withFederated(FederatedConfig f) {
        return new HarnessConfig(run, data, model, optimizer, ps, spark, f);
    }

    public HarnessConfig withMaster(String master) {
        return new HarnessConfig(run, data, model, optimizer, ps, spark.withMaster(master), federated);
    }
}
