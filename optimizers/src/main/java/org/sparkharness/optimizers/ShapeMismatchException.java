package org.sparkharness.optimizers;

import java.util.Arrays;

/**
 * Two parameter tables (or a table and a flat buffer) that must line up do not. Names the parameter, both shapes and
 * where the check was made. A {@code null} shape means the parameter is absent on that side.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String param;
    private final long[] expected;
    private final long[] actual;
    private final String context;

    /**
     * @param param    the parameter (or buffer) that does not match
     * @param expected the shape required, or {@code null} if the parameter should not exist
     * @param actual   the shape found, or {@code null} if the parameter is missing
     * @param context  where the check was made, e.g. {@code "zipWith"} or {@code "AdamW gradients"}
     */
    public ShapeMismatchException(String param, long[] expected, long[] actual, String context) {
        super(message(param, expected, actual, context));
        this.param = param;
        this.expected = expected == null ? null : expected.clone();
        this.actual = actual == null ? null : actual.clone();
        this.context = context;
    }

    private static String message(String param, long[] expected, long[] actual, String context) {
        String where = context + ": parameter '" + param + "' ";
        if (actual == null) {
            return where + "is missing (expected shape " + Arrays.toString(expected) + ")";
        }
        if (expected == null) {
            return where + "is not expected (it has shape " + Arrays.toString(actual) + ")";
        }
        return where + "has shape " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected);
    }

    /** The parameter (or buffer) that does not match. */
    public String param() {
        return param;
    }

    /** The shape required, or {@code null} if the parameter should not exist. */
    public long[] expected() {
        return expected == null ? null : expected.clone();
    }

    /** The shape found, or {@code null} if the parameter is missing. */
    public long[] actual() {
        return actual == null ? null : actual.clone();
    }

    /** Where the check was made. */
    public String context() {
        return context;
    }
}
