package org.sparkharness.data.text.filter;

import java.util.Arrays;
import java.util.List;
import org.sparkharness.optimizers.config.ConfigException;

/** The filter families a chain can run, by their config names. */
public enum FilterFamily {
    GOPHER_REPETITION("gopher_repetition"),
    GOPHER_QUALITY("gopher_quality"),
    C4("c4"),
    FINEWEB("fineweb");

    private final String configName;

    FilterFamily(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Every config name, in the default chain order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(FilterFamily::configName).toList();
    }

    /** The family called {@code name}; a {@link ConfigException} at {@code path} lists the allowed names. */
    public static FilterFamily byName(String path, String name) {
        for (FilterFamily f : values()) {
            if (f.configName.equals(name)) return f;
        }
        throw new ConfigException(path, name, "unknown filter; allowed: " + names());
    }
}
