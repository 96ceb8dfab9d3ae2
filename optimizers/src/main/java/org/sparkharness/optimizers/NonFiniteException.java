package org.sparkharness.optimizers;

/**
 * A tensor holds NaN or ±Inf where only finite values are allowed. Raised instead of substituting a value, so that a
 * diverging run stops at the first bad step and says which parameter went bad.
 */
public final class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final String param;
    private final long step;
    private final String kind;

    /**
     * @param param the first parameter whose tensor is not finite
     * @param step  the 1-based optimizer step being computed
     * @param kind  what was checked, e.g. {@code "gradient"} or {@code "updated parameter"}
     */
    public NonFiniteException(String param, long step, String kind) {
        super("non-finite " + kind + " (NaN or Inf) in parameter '" + param + "' at step " + step);
        this.param = param;
        this.step = step;
        this.kind = kind;
    }

    /** The first parameter whose tensor is not finite. */
    public String param() {
        return param;
    }

    /** The 1-based optimizer step being computed. */
    public long step() {
        return step;
    }

    /** What was checked, e.g. {@code "gradient"}. */
    public String kind() {
        return kind;
    }
}
