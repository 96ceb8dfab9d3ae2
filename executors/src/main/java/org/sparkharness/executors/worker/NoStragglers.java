package org.sparkharness.executors.worker;

/** No injected delay: round times are compute and Spark overhead only. Config: {@code model: none}. */
public record NoStragglers() implements StragglerModel {
    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) { return 0; }
}
