package org.sparkharness.executors.worker;

import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Persistently slow workers (straggler scenario S2): every worker first gets the {@code base} model's delay; the
 * listed workers then take {@code factor} times their compute time plus base delay, plus {@code delayMs}, every
 * round, i.e. their delay is {@code base + (factor - 1) * (compute + base) + delayMs}. Config:
 * {@code model: slow-workers, workers: [0], delayMs: 500, factor: 1, base: {model: none}}. Defaults: workers [0],
 * delayMs 0, factor 5, base none.
 */
public record SlowWorkers(List<Integer> workers, Long delayMs, Double factor, StragglerModel base)
        implements StragglerModel {
    public SlowWorkers {
        workers = workers == null ? List.of(0) : List.copyOf(workers);
        if (workers.isEmpty() || workers.stream().anyMatch(w -> w == null || w < 0)) {
            throw new ConfigException("workers", workers, "must list worker indices >= 0");
        }
        delayMs = delayMs == null ? 0L : delayMs;
        if (delayMs < 0) throw new ConfigException("delayMs", delayMs, "must be >= 0");
        factor = Check.inClosed("factor", factor == null ? 5.0 : factor, 1.0, 1e6);
        base = base == null ? new NoStragglers() : base;
    }

    /** Every field at its default. */
    public static SlowWorkers defaults() {
        return new SlowWorkers(null, null, null, null);
    }

    /** Slow workers without a base model (base none). */
    public SlowWorkers(List<Integer> workers, Long delayMs, Double factor) {
        this(workers, delayMs, factor, null);
    }

    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) {
        long b = base.delayMillis(seed, round, worker, computeMillis);
        if (!workers.contains(worker)) return b;
        return b + delayMs + Math.round((factor - 1.0) * (computeMillis + b));
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public SlowWorkers withWorkers(List<Integer> workers) {
        return new SlowWorkers(workers, delayMs, factor, base);
    }

    public SlowWorkers withDelayMs(long delayMs) {
        return new SlowWorkers(workers, delayMs, factor, base);
    }

    public SlowWorkers withFactor(double factor) {
        return new SlowWorkers(workers, delayMs, factor, base);
    }

    public SlowWorkers withBase(StragglerModel base) {
        return new SlowWorkers(workers, delayMs, factor, base);
    }
}
