package org.sparkharness.executors.model;

import org.sparkharness.optimizers.config.ConfigException;

/**
 * The user's own DL4J network: {@code model: {type: dl4j, config: URI}} names a MultiLayerConfiguration or
 * ComputationGraphConfiguration as JSON or YAML, {@code model: {type: dl4j, path: URI}} a model saved by
 * ModelSerializer, whose weights training continues from. Any Hadoop URI. The driver reads it
 * ({@code ModelSources}) and ships a {@link ConfiguredSpec}; this record only says where.
 */
public record Dl4jSpec(String config, String path) implements ModelSpec {
    public Dl4jSpec {
        if ((config == null) == (path == null)) {
            throw new ConfigException("model", config == null ? null : "config and path",
                    "type dl4j needs exactly one of config (a JSON or YAML network configuration) or path (a saved model zip)");
        }
    }

    /** Where the network comes from. */
    public String source() {
        return config != null ? config : path;
    }

    @Override
    public Dl4jNetwork network(InputShape input, long seed) {
        throw new IllegalStateException("model " + source() + " was not read by the driver (ModelSources.resolve)");
    }
}
