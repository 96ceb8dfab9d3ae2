package org.sparkharness.executors.rounds;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.NativeMemory;

/**
 * A few off-heap arrays of each shape, kept for reuse by the round plane: the parameters a worker receives every
 * round and the gradients the driver receives are the same shape each time, and a fresh allocation of tens of MB
 * costs a page fault per 4 KB the first time it is written (100+ ms for an 8 M-parameter model here). An array
 * handed back must no longer be used by whoever gave it. Thread-safe.
 */
public final class ArrayPool {
    /** Arrays kept per shape; more are freed (the driver must not sit on many idle gradients). */
    static final int KEPT = 2;
    public static final ArrayPool SHARED = new ArrayPool();

    private final Map<String, ArrayDeque<INDArray>> free = new HashMap<>();

    /** A c-ordered array of {@code shape}, reused when one is free (its contents are then stale). */
    public synchronized INDArray take(DataType dtype, long[] shape) {
        ArrayDeque<INDArray> q = free.get(key(dtype, shape));
        INDArray a = q == null ? null : q.poll();
        return a != null ? a : Nd4j.create(dtype, shape, 'c');
    }

    /** Gives {@code a} back for reuse (or frees it when enough of its shape are kept). Null is ignored. */
    public synchronized void give(INDArray a) {
        if (a == null || a.wasClosed()) return;
        if (a.isView() || a.ordering() != 'c' || !a.closeable()) {
            NativeMemory.release(a);
            return;
        }
        ArrayDeque<INDArray> q = free.computeIfAbsent(key(a.dataType(), a.shape()), k -> new ArrayDeque<>());
        if (q.size() < KEPT && !q.contains(a)) q.push(a); else if (!q.contains(a)) NativeMemory.release(a);
    }

    private static String key(DataType dtype, long[] shape) {
        return dtype + Arrays.toString(shape);
    }
}
