package org.sparkharness.optimizers.config;

/**
 * A configuration value is missing or invalid. Carries the dotted path of the field, the offending value and the
 * rule it broke, e.g. {@code optimizer.lr = -1.0: must be > 0}. Records validate with paths relative to
 * themselves ({@code lr}); whoever nests a record adds the parent with {@link #withPrefix}.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final transient Object value;
    private final String reason;

    /**
     * @param path   dotted path of the field, e.g. {@code lr} or {@code optimizer.lr}
     * @param value  the value found ({@code null} if missing)
     * @param reason the rule it broke, e.g. {@code must be > 0}
     */
    public ConfigException(String path, Object value, String reason) {
        super(path + " = " + value + ": " + reason);
        this.path = path;
        this.value = value;
        this.reason = reason;
    }

    /** Dotted path of the field. */
    public String path() {
        return path;
    }

    /** The value found, or {@code null} if it was missing (not kept across Java serialization). */
    public Object value() {
        return value;
    }

    /** The rule the value broke. */
    public String reason() {
        return reason;
    }

    /**
     * The same error seen from an enclosing record: path {@code parent + "." + path()}. The new exception keeps this
     * one's stack trace and cause, so the failing check is still visible.
     */
    public ConfigException withPrefix(String parent) {
        ConfigException e = new ConfigException(parent + "." + path, value, reason);
        e.setStackTrace(getStackTrace());
        if (getCause() != null) {
            e.initCause(getCause());
        }
        return e;
    }
}
