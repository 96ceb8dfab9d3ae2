package org.sparkharness.data.text.filter;

import org.sparkharness.optimizers.config.ConfigException;

/** Integer checks the shared {@link org.sparkharness.optimizers.config.Check} does not have. */
final class Checks {
    private Checks() {}

    /** {@code v >= lo}. */
    static int atLeast(String path, int v, int lo) {
        if (v < lo) throw new ConfigException(path, v, "must be >= " + lo);
        return v;
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
