package org.sparkharness.driver.cli;

import java.util.ArrayList;
import java.util.List;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.RunDirectory;
import picocli.CommandLine.Option;

/** The options every run command shares ({@code train}, {@code federate}, {@code curate}), as a picocli mixin. */
public final class RunOptions {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "YAML run configuration: a local file, a Hadoop URI (hdfs://..., s3a://...), or the name of "
                    + "a file shipped with spark-submit --files.")
    String config;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[N], local-cluster[N,C,MB], spark://host:port, yarn, k8s://...). "
                    + "Default: spark-submit's --master (spark.master), else spark.master from the config, else "
                    + "local[ps.workers,4] for train and local[*] for federate and curate.")
    String master;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "RUN_DIR",
            description = "Continue from the last checkpoint of the newest run of this config's run.name, "
                    + "or of the given run folder.")
    String resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. --set ps.rounds=200 --set federated.strategy.mu=0.1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The config file with the overrides applied, and {@code --master} if given. */
    HarnessConfig load() {
        HarnessConfig cfg = ConfigLoader.parse(text(), overrides);
        return master != null ? cfg.withMaster(master) : cfg;
    }

    /** The config file bound to another config type (the curation pipeline's), with the overrides applied. */
    <T> T load(Class<T> type) {
        return ConfigLoader.parse(text(), overrides, type);
    }

    private String text() {
        return ConfigFile.read(config, new org.apache.spark.SparkConf());
    }

    String masterOverride() {
        return master;
    }

    boolean resuming() {
        return resume != null;
    }

    /** The run folder: the one to resume, or a new one for {@code cfg}'s run.name. */
    RunDirectory runDirectory(HarnessConfig cfg) {
        return runDirectory(cfg.run());
    }

    RunDirectory runDirectory(org.sparkharness.driver.config.RunConfig run) {
        return resuming() ? RunDirectory.existing(run.output(), run.name(), resume)
                : RunDirectory.create(run.output(), run.name());
    }
}
