package org.sparkharness.data.score;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.sparkharness.optimizers.config.ConfigException;

/** How GraNd is computed in the scoring pass. */
public enum GrandMode {
    /** Closed form ‖p − y‖₂·√(‖h‖₂² + 1) of the output layer's gradient: one forward pass (the default). */
    LAST_LAYER("lastLayer"),
    /**
     * Norm of the full per-example gradient over every parameter: one batched backward pass per chunk and run
     * ({@link org.sparkharness.executors.model.PerExampleGradients}) for stacks of dense and 2-D convolution layers,
     * otherwise one backward pass per example and run on batches of one.
     */
    EXACT("exact"),
    /** No GraNd column values (written as NaN). */
    NONE("none");

    private final String configName;

    GrandMode(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    @JsonCreator
    public static GrandMode fromConfig(String name) {
        for (GrandMode m : values()) {
            if (m.configName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) return m;
        }
        throw new ConfigException("grand", name, "must be one of "
                + Arrays.stream(values()).map(GrandMode::configName).toList());
    }
}
