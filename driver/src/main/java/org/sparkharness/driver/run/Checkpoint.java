package org.sparkharness.driver.run;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * Everything needed to continue a run exactly: completed rounds, parameters, optimizer state and the seed from
 * which every later minibatch and delay is drawn (sampling is keyed by (seed, round, worker), so the RNG state is
 * the pair (seed, round)), plus named sections that the components with their own state write and read back
 * ({@link CheckpointSection}): the backup policy's round history, a training method's memory, the federated byte
 * counters.
 */
public record Checkpoint(long round, long seed, ParamTable params, OptimizerState optimizerState,
                         Map<String, byte[]> sections) {
    public Checkpoint {
        sections = Map.copyOf(sections);
    }

    /** A fresh run's starting point: round 0, no sections. */
    public static Checkpoint start(long seed, ParamTable params, OptimizerState optimizerState) {
        return new Checkpoint(0, seed, params, optimizerState, Map.of());
    }

    /** The section {@code s} decoded, if this checkpoint has it. */
    public <T> Optional<T> section(CheckpointSection<T> s) {
        byte[] bytes = sections.get(s.name());
        return bytes == null ? Optional.empty() : Optional.of(s.decode(bytes));
    }

    /** This checkpoint with section {@code s} set to {@code value}. */
    public <T> Checkpoint with(CheckpointSection<T> s, T value) {
        Map<String, byte[]> next = new TreeMap<>(sections);
        next.put(s.name(), s.encode(value));
        return new Checkpoint(round, seed, params, optimizerState, next);
    }

    /** This checkpoint with raw sections added (a training method's own state, already encoded by it). */
    public Checkpoint withRaw(Map<String, byte[]> raw) {
        Map<String, byte[]> next = new TreeMap<>(sections);
        next.putAll(raw);
        return new Checkpoint(round, seed, params, optimizerState, next);
    }
}
