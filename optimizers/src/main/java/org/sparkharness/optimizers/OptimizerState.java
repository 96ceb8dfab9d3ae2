package org.sparkharness.optimizers;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An optimizer's complete state as a value: named tensor slots (e.g. AdamW's {@code m} and {@code v}, each a
 * {@link ParamTable} shaped like the parameters) plus named scalars. Because it is data rather than fields of the
 * optimizer, it checkpoints ({@link StateCodec}), ships to executors and can be inspected in tests.
 *
 * @param step    number of updates applied so far: 0 after {@link Optimizer#init}; the next update uses the
 *                1-based counter {@code step + 1}
 * @param slots   named tensor tables, in insertion order (copied, unmodifiable)
 * @param scalars named scalar values, in insertion order (copied, unmodifiable)
 */
public record OptimizerState(long step, Map<String, ParamTable> slots, Map<String, Double> scalars)
        implements Serializable {

    /** Validates and copies; runs on deserialization too. */
    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("optimizer state step must be >= 0, got " + step);
        }
        slots = copy(slots, "slot");
        scalars = copy(scalars, "scalar");
    }

    /** State before the first update: step 0, the given slots, no scalars. */
    public static OptimizerState initial(Map<String, ParamTable> slots) {
        return new OptimizerState(0, slots, Map.of());
    }

    /** The slot called {@code name}. */
    public ParamTable slot(String name) {
        ParamTable t = slots.get(name);
        if (t == null) {
            throw new NoSuchElementException("no optimizer state slot '" + name + "'; slots: " + slots.keySet());
        }
        return t;
    }

    /** The state after one more update: {@code step + 1}, new slots, same scalars. */
    public OptimizerState next(Map<String, ParamTable> newSlots) {
        return new OptimizerState(step + 1, newSlots, scalars);
    }

    private static <V> Map<String, V> copy(Map<String, V> m, String what) {
        Objects.requireNonNull(m, what + "s");
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Objects.requireNonNull(k, what + " name"),
                Objects.requireNonNull(v, () -> what + " '" + k + "'")));
        return Collections.unmodifiableMap(out);
    }
}
