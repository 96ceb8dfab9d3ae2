package org.sparkharness.data.prune;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.sparkharness.optimizers.config.ConfigException;

/** Which examples a pruning run keeps. */
public enum PruneMethod {
    /** The highest scores, after skipping the top {@code offset} (data_diet {@code keep_max_scores}, §1.4). */
    HARDEST("hardest"),
    /** The lowest scores (a sanity baseline). */
    EASIEST("easiest"),
    /** A seeded random subset: order by a keyed hash of (seed, id). */
    RANDOM("random"),
    /** CCS: drop the hardest {@code misRatio}, then sample the budget evenly across equal-width score bins. */
    STRATIFIED("stratified");

    private final String configName;

    PruneMethod(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    @JsonCreator
    public static PruneMethod fromConfig(String name) {
        for (PruneMethod m : values()) {
            if (m.configName.equalsIgnoreCase(name)) return m;
        }
        throw new ConfigException("method", name, "must be one of "
                + Arrays.stream(values()).map(PruneMethod::configName).toList());
    }
}
