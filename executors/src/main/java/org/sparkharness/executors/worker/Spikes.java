package org.sparkharness.executors.worker;

import java.util.SplittableRandom;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Occasional long pauses (straggler scenario S3): each worker in each round independently adds {@code delayMs} with
 * probability {@code probability}, on top of the {@code base} model's delay. Config:
 * {@code model: spikes, probability: 0.05, delayMs: 500, base: {model: none}}. Defaults: probability 0.05,
 * delayMs 500, base none. The spike draw has its own keyed RNG, independent of the base model's (a spikes model
 * nested in another spikes model reuses the same draw, so their spikes coincide).
 */
public record Spikes(Double probability, Long delayMs, StragglerModel base) implements StragglerModel {
    /** Separates this model's RNG stream from other models keyed by the same (seed, round, worker). */
    private static final long KEY = 0x7A3D95C1E8F26B04L;

    public Spikes {
        probability = Check.inClosed("probability", probability == null ? 0.05 : probability, 0.0, 1.0);
        delayMs = delayMs == null ? 500L : delayMs;
        if (delayMs < 0) throw new ConfigException("delayMs", delayMs, "must be >= 0");
        base = base == null ? new NoStragglers() : base;
    }

    /** Every field at its default. */
    public static Spikes defaults() {
        return new Spikes(null, null, null);
    }

    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) {
        boolean spike = new SplittableRandom(BatchSampler.mix(seed ^ KEY, round, worker)).nextDouble() < probability;
        return base.delayMillis(seed, round, worker, computeMillis) + (spike ? delayMs : 0);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public Spikes withProbability(double probability) {
        return new Spikes(probability, delayMs, base);
    }

    public Spikes withDelayMs(long delayMs) {
        return new Spikes(probability, delayMs, base);
    }

    public Spikes withBase(StragglerModel base) {
        return new Spikes(probability, delayMs, base);
    }
}
