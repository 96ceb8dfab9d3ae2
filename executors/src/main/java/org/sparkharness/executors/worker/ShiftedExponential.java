package org.sparkharness.executors.worker;

import java.util.SplittableRandom;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Random slowness on every worker (straggler scenario S1): each worker in each round sleeps {@code shiftMs} plus an
 * exponential draw with mean {@code meanMs}, i.i.d. over workers and rounds, rounded to whole milliseconds. Config:
 * {@code model: shifted-exponential, shiftMs: 0, meanMs: 40}. Defaults: shiftMs 0, meanMs 40.
 */
public record ShiftedExponential(Long shiftMs, Double meanMs) implements StragglerModel {
    /** Separates this model's RNG stream from other models keyed by the same (seed, round, worker). */
    private static final long KEY = 0x5E1F7EDE4B0C3A21L;

    public ShiftedExponential {
        shiftMs = shiftMs == null ? 0L : shiftMs;
        if (shiftMs < 0) throw new ConfigException("shiftMs", shiftMs, "must be >= 0");
        meanMs = Check.positive("meanMs", meanMs == null ? 40.0 : meanMs);
    }

    /** Every field at its default. */
    public static ShiftedExponential defaults() {
        return new ShiftedExponential(null, null);
    }

    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) {
        double u = new SplittableRandom(BatchSampler.mix(seed ^ KEY, round, worker)).nextDouble();
        return shiftMs + Math.round(-meanMs * Math.log(1.0 - u));
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public ShiftedExponential withShiftMs(long shiftMs) {
        return new ShiftedExponential(shiftMs, meanMs);
    }

    public ShiftedExponential withMeanMs(double meanMs) {
        return new ShiftedExponential(shiftMs, meanMs);
    }
}
