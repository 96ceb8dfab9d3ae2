package org.sparkharness.optimizers;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary checkpoint format for {@link OptimizerState}; slot tables are embedded in the {@link ParamCodec} format.
 *
 * <pre>
 * int   magic   0x5348534F ("SHSO")
 * int   version 1
 * long  step
 * int   slot count, then per slot:     UTF name, ParamCodec table
 * int   scalar count, then per scalar: UTF name, double value
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class StateCodec {
    /** "SHSO": spark-harness optimizer state. */
    static final int MAGIC = 0x5348534F;
    static final int VERSION = 1;

    private StateCodec() {
    }

    /** Writes {@code state} to {@code out}. Does not flush or close {@code out}. */
    public static void write(OptimizerState state, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(state.step());
        out.writeInt(state.slots().size());
        for (Map.Entry<String, ParamTable> e : state.slots().entrySet()) {
            out.writeUTF(e.getKey());
            ParamCodec.write(e.getValue(), out);
        }
        out.writeInt(state.scalars().size());
        for (Map.Entry<String, Double> e : state.scalars().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    /**
     * Reads one state written by {@link #write}, consuming exactly its bytes.
     *
     * @throws StreamCorruptedException if the magic number, version or a header field is invalid
     */
    public static OptimizerState read(DataInputStream in) throws IOException {
        ParamCodec.readHeader(in, "StateCodec", MAGIC, VERSION);
        long step = in.readLong();
        if (step < 0) {
            throw new StreamCorruptedException("negative optimizer step " + step);
        }
        int nSlots = nonNegative(in.readInt(), "slot count");
        Map<String, ParamTable> slots = new LinkedHashMap<>();
        for (int i = 0; i < nSlots; i++) {
            slots.put(in.readUTF(), ParamCodec.read(in));
        }
        int nScalars = nonNegative(in.readInt(), "scalar count");
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int i = 0; i < nScalars; i++) {
            scalars.put(in.readUTF(), in.readDouble());
        }
        return new OptimizerState(step, slots, scalars);
    }

    private static int nonNegative(int n, String what) throws StreamCorruptedException {
        if (n < 0) {
            throw new StreamCorruptedException("negative " + what + " " + n);
        }
        return n;
    }
}
