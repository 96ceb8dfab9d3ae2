package org.sparkharness.driver.config;

import java.util.Arrays;
import java.util.List;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Closed choices in config are enums whose {@code toString()} (also their {@code @JsonValue}) is the YAML name: one
 * place turns a name into its constant, and the loader lists the allowed names when a file has another.
 */
public final class YamlNames {
    private YamlNames() {}

    /** The YAML names of an enum's constants, in declaration order. */
    public static List<String> of(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
    }

    /** The constant named {@code yaml}, or a ConfigException at {@code field} listing the names. */
    public static <E extends Enum<E>> E of(Class<E> type, String field, String yaml) {
        for (E e : type.getEnumConstants()) if (e.toString().equals(yaml)) return e;
        throw new ConfigException(field, yaml, "must be one of " + String.join(", ", of(type)));
    }
}
