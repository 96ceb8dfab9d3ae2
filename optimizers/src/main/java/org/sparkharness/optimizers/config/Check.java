package org.sparkharness.optimizers.config;

/**
 * Validation helpers for compact constructors of config records. Each returns its argument when valid and throws a
 * {@link ConfigException} naming the path, the value and the rule otherwise. NaN fails every numeric check, and
 * ±Inf fails every check except where the bounds admit it (none do here).
 */
public final class Check {
    private Check() {
    }

    /** {@code v} is not null; the error says the field is required. */
    public static <T> T required(String path, T v) {
        if (v == null) {
            throw new ConfigException(path, null, "is required");
        }
        return v;
    }

    /** {@code v} is finite (not NaN, not ±Inf). */
    public static double finite(String path, double v) {
        if (!Double.isFinite(v)) {
            throw new ConfigException(path, v, "must be a finite number");
        }
        return v;
    }

    /** {@code 0 < v < Inf}. */
    public static double positive(String path, double v) {
        finite(path, v);
        if (!(v > 0)) {
            throw new ConfigException(path, v, "must be > 0");
        }
        return v;
    }

    /** {@code 0 <= v < Inf}. */
    public static double nonNegative(String path, double v) {
        finite(path, v);
        if (!(v >= 0)) {
            throw new ConfigException(path, v, "must be >= 0");
        }
        return v;
    }

    /** {@code lo <= v < hi}. */
    public static double inHalfOpen(String path, double v, double lo, double hi) {
        if (!(v >= lo && v < hi)) {
            throw new ConfigException(path, v, "must be in [" + fmt(lo) + ", " + fmt(hi) + ")");
        }
        return v;
    }

    /** {@code lo <= v <= hi}. */
    public static double inClosed(String path, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new ConfigException(path, v, "must be in [" + fmt(lo) + ", " + fmt(hi) + "]");
        }
        return v;
    }

    /** {@code v > 0}. */
    public static int positiveInt(String path, int v) {
        if (v <= 0) {
            throw new ConfigException(path, v, "must be > 0");
        }
        return v;
    }

    /** Bounds without a trailing ".0" for whole numbers: "[0, 1)". */
    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
