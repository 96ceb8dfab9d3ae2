package org.sparkharness.driver.config;

import java.io.Serializable;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Where a run writes and how it is seeded. Defaults: name "run", seed 42, output "runs" (any Hadoop URI).
 * The run folder is {@code output/name/<timestamp>}.
 */
public record RunConfig(String name, Long seed, String output) implements Serializable {
    public RunConfig {
        name = name == null ? "run" : name;
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("name", name, "must use only letters, digits, '.', '_' and '-'");
        }
        seed = seed == null ? 42L : seed;
        output = output == null || output.isBlank() ? "runs" : output;
    }

    public static RunConfig defaults() { return new RunConfig(null, null, null); }
}
