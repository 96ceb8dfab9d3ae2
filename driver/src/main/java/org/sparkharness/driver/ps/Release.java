package org.sparkharness.driver.ps;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * Frees the native memory of arrays the round loop is done with. ND4J arrays live off-heap and are otherwise freed
 * only when the GC happens to collect their Java handles; a round allocates several parameter-sized arrays, so
 * waiting for the GC makes step times depend on heap pressure (measured: up to 1.7× on the optimizer step).
 */
final class Release {
    private Release() {}

    /** Closes every array of {@code old} that is not also one of {@code kept}'s (compared by identity). */
    static void replaced(ParamTable oldParams, OptimizerState oldState, ParamTable newParams, OptimizerState newState) {
        Set<INDArray> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        addAll(keep, newParams);
        newState.slots().values().forEach(t -> addAll(keep, t));
        close(oldParams, keep);
        oldState.slots().values().forEach(t -> close(t, keep));
    }

    /** Closes every array of {@code table}. */
    static void all(ParamTable table) {
        NativeMemory.release(table);
    }

    /** Closes {@code a} unless it is null or a view (views share their parent's buffer). */
    static void close(INDArray a) {
        NativeMemory.release(a);
    }

    private static void addAll(Set<INDArray> set, ParamTable t) {
        for (String n : t.names()) set.add(t.get(n));
    }

    private static void close(ParamTable t, Set<INDArray> keep) {
        for (String n : t.names()) {
            INDArray a = t.get(n);
            if (!keep.contains(a)) close(a);
        }
    }
}
