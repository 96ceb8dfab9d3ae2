package org.sparkharness.driver.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark settings. {@code master} defaults to {@code local[W]} with W = ps.workers, so all workers of a round run at
 * once; {@code --master} on the command line overrides it. {@code conf} is passed to SparkConf as is.
 */
public record SparkConfig(String master, Map<String, String> conf) implements Serializable {
    public SparkConfig {
        conf = conf == null ? Map.of() : Map.copyOf(new TreeMap<>(conf));
    }

    public static SparkConfig defaults() { return new SparkConfig(null, null); }

    public SparkConfig withMaster(String newMaster) { return new SparkConfig(newMaster, conf); }
}
