package org.sparkharness.driver.run;

/** A run cannot start as asked (nothing to resume, not a run folder); the message says what to do instead. */
public final class RunSetupException extends RuntimeException {
    public RunSetupException(String message) { super(message); }
}
