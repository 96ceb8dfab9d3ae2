package org.sparkharness.executors.worker;

import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Persistently slow workers (straggler scenario S2): the listed workers take {@code factor} times their compute time
 * plus {@code delayMs} every round. Config: {@code model: slow-workers, workers: [0], delayMs: 500, factor: 1}.
 * Defaults: workers [0], delayMs 0, factor 5.
 */
public record SlowWorkers(List<Integer> workers, Long delayMs, Double factor) implements StragglerModel {
    public SlowWorkers {
        workers = workers == null ? List.of(0) : List.copyOf(workers);
        if (workers.isEmpty() || workers.stream().anyMatch(w -> w == null || w < 0)) {
            throw new ConfigException("workers", workers, "must list worker indices >= 0");
        }
        delayMs = delayMs == null ? 0L : delayMs;
        if (delayMs < 0) throw new ConfigException("delayMs", delayMs, "must be >= 0");
        factor = Check.inClosed("factor", factor == null ? 5.0 : factor, 1.0, 1e6);
    }

    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) {
        if (!workers.contains(worker)) return 0;
        return delayMs + Math.round((factor - 1.0) * computeMillis);
    }
}
