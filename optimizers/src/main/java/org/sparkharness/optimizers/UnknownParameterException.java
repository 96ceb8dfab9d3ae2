package org.sparkharness.optimizers;

import java.util.Collection;
import java.util.List;

/**
 * A parameter name was looked up that the table does not hold. The message lists the known names, because the usual
 * cause is a naming mismatch between two producers (DL4J's {@code 0_W} against a hand-written {@code W}).
 */
public final class UnknownParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> knownNames;

    /**
     * @param name       the name that was asked for
     * @param knownNames the names that exist, in table order
     */
    public UnknownParameterException(String name, Collection<String> knownNames) {
        super("unknown parameter '" + name + "'; known parameters: " + knownNames);
        this.name = name;
        this.knownNames = List.copyOf(knownNames);
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }

    /** The names that exist, in table order. */
    public List<String> knownNames() {
        return knownNames;
    }
}
