package org.sparkharness.executors.model;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

/**
 * ND4J buffers live outside the Java heap and are freed when their small heap wrappers are collected, which a
 * roomy heap does rarely: a federated round allocates a few hundred MB of temporaries while the heap barely moves.
 * Hot loops release what they own here, and long loops call {@link #relieve()} between units of work.
 */
public final class NativeMemory {
    private NativeMemory() {}

    /** Frees {@code a} now if it owns its buffer (views, closed or shared arrays are left alone). */
    public static void release(INDArray a) {
        if (a != null && !a.isView() && !a.wasClosed() && a.closeable()) a.close();
    }

    /** Frees every tensor of {@code table} (see {@link #release(INDArray)}). */
    public static void release(ParamTable table) {
        if (table == null) return;
        for (String n : table.names()) release(table.get(n));
    }

    /**
     * Asks for a GC when the process holds more than half of JavaCPP's physical-memory budget, so unreferenced
     * native buffers go before the budget (or the machine) runs out. Cheap when below.
     */
    public static void relieve() {
        long max = Pointer.maxPhysicalBytes();
        if (max > 0 && Pointer.physicalBytes() > max / 2) System.gc();
    }
}
