package org.sparkharness.driver.ps;

/** A round could not produce a result: the Spark job failed, timed out, or every worker's result was rejected. */
public final class RoundFailedException extends RuntimeException {
    public RoundFailedException(long round, String reason, Throwable cause) {
        super("round " + round + ": " + reason, cause);
    }
}
