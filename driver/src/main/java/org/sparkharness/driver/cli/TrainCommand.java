package org.sparkharness.driver.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harness train}: parameter-server training from a YAML config. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model with the Spark parameter server (synchronous SGD with optional backup workers).")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML run configuration.")
    Path config;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[N], local-cluster[N,C,MB], spark://host:port, yarn, k8s://...). "
                    + "Default: spark.master from the config, else local[ps.workers].")
    String master;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "RUN_DIR",
            description = "Continue from the last checkpoint of the newest run of this config's run.name, "
                    + "or of the given run folder.")
    String resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. --set ps.rounds=200 --set optimizer.lr=3e-4 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        HarnessConfig cfg = ConfigLoader.load(config, overrides);
        if (master != null) cfg = cfg.withMaster(master);
        TrainJob job = new TrainJob(cfg, System.out::println);
        TrainJob.Data data = job.loadData(); // before Spark: a missing dataset fails in a second, not after startup
        boolean resuming = resume != null;
        RunDirectory run = resuming ? RunDirectory.existing(cfg.run().output(), cfg.run().name(), resume)
                : RunDirectory.create(cfg.run().output(), cfg.run().name());
        System.out.println("run folder: " + run);
        System.out.printf("data: %d training / %d test examples from %s%n", data.train().size(), data.test().size(),
                cfg.data().dir());
        try (JavaSparkContext jsc = new JavaSparkContext(
                SparkSetup.conf("spark-harness " + cfg.run().name(), cfg.sparkMaster(), cfg.spark().conf()))) {
            jsc.setLogLevel("WARN");
            System.out.println("spark: " + jsc.master() + " (Spark " + jsc.version() + ")");
            TrainingSummary s = job.run(jsc, data, run, resuming);
            System.out.printf("%ndone: %d rounds in %.1f s, %.0f examples/s, final test accuracy %.2f%% (loss %.4f)%n",
                    s.rounds(), s.trainSeconds(), s.examplesPerSecond(), 100 * s.lastEval().accuracy(),
                    s.lastEval().meanLoss());
            if (s.rejectedResults() > 0) System.out.println("rejected worker results (NaN/Inf): " + s.rejectedResults());
            System.out.println("run folder: " + run + " (config.yaml, manifest.json, metrics.jsonl, checkpoints/, model.zip)");
        }
        return 0;
    }
}
