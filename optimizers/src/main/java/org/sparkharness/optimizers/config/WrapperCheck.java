package org.sparkharness.optimizers.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.List;

/**
 * Validation shared by the configs of wrapper optimizers (SAM, SAF, MESA) and Sven: the required {@code base}
 * optimizer and the integer and open-interval checks {@link Check} does not have. Same conventions as {@link Check}.
 */
final class WrapperCheck {
    private WrapperCheck() {
    }

    /** {@code base} is present; the error lists the type names a base may have. */
    static FirstOrderConfig base(FirstOrderConfig base) {
        if (base == null) {
            throw new ConfigException("base", null, "is required: the base optimizer, one of type " + baseTypes());
        }
        return base;
    }

    /** The type names allowed as {@code base:}, as declared on {@link FirstOrderConfig}. */
    static List<String> baseTypes() {
        JsonSubTypes types = FirstOrderConfig.class.getAnnotation(JsonSubTypes.class);
        return Arrays.stream(types.value()).map(JsonSubTypes.Type::name).toList();
    }

    /** {@code v >= min}. */
    static int atLeast(String path, int v, int min) {
        if (v < min) {
            throw new ConfigException(path, v, "must be >= " + min);
        }
        return v;
    }

    /** {@code lo < v < hi}. */
    static double inOpen(String path, double v, double lo, double hi) {
        if (!(v > lo && v < hi)) {
            throw new ConfigException(path, v, "must be in (" + fmt(lo) + ", " + fmt(hi) + ")");
        }
        return v;
    }

    /** Bounds without a trailing ".0" for whole numbers, as {@link Check} writes them. */
    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
