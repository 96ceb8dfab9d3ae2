package org.sparkharness.optimizers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SAF's per-example logit memory: a float32 ring buffer [N, E+1, C] indexed by global example id, plus, for every
 * (example, slot), the epoch at which its logits were recorded (−1 = never). Each minibatch {@link #record}s its
 * logits (before the update) into slot {@code epoch mod (E+1)} and {@link #read}s the logits recorded E epochs ago
 * (see {@link SafSchedule}).
 *
 * <p><b>Masking.</b> A read returns mask 1 for an example only if its slot holds logits recorded at exactly
 * epoch − E. The reference reads whatever the zero-initialised memory holds, so an example not seen E epochs ago
 * (first epochs after a too-early start, sampling without full passes, a resumed run) would be pulled towards a
 * uniform distribution; here it is left out of the loss instead. With full passes over the data and
 * {@code startEpoch >= E} the two agree.
 *
 * <p>Memory: N·(E+1)·C floats plus N·(E+1) longs, at most 2³¹ − 8 floats in one memory (shard by example id beyond
 * that). The reference hard-codes 15 000 000 × 4 × 1000.
 *
 * <p><b>Mutable</b> (unlike the rest of the package) and not thread-safe: one memory per training process or
 * partition, checkpointed with {@link #toBytes()}.
 */
public final class LogitMemory implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** "SHLM": spark-harness logit memory. */
    static final int MAGIC = 0x53484C4D;
    static final int VERSION = 1;
    private static final int CHUNK_FLOATS = 1 << 16;

    private final int examples;
    private final SafSchedule schedule;
    private final int classes;
    /** [N, E+1, C] in C order. */
    private final float[] values;
    /** [N, E+1]: the epoch recorded in each slot, −1 if never. */
    private final long[] recordedAt;

    /**
     * An empty memory (nothing recorded).
     *
     * @param examples number of training examples N; ids are in [0, N)
     * @param schedule E and the active window
     * @param classes  number of logits per example C
     * @throws IllegalArgumentException if a size is not positive or N·(E+1)·C does not fit one Java array
     */
    public LogitMemory(int examples, SafSchedule schedule, int classes) {
        this(examples, schedule, classes, null, null);
    }

    private LogitMemory(int examples, SafSchedule schedule, int classes, float[] values, long[] recordedAt) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (examples <= 0 || classes <= 0) {
            throw new IllegalArgumentException("logit memory needs examples > 0 and classes > 0; got " + examples
                    + " and " + classes);
        }
        long floats = (long) examples * schedule.slots() * classes;
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("logit memory [" + examples + ", " + schedule.slots() + ", " + classes
                    + "] holds " + floats + " floats, more than one array can; shard it by example id");
        }
        this.examples = examples;
        this.classes = classes;
        this.values = values != null ? values : new float[(int) floats];
        if (recordedAt != null) {
            this.recordedAt = recordedAt;
        } else {
            this.recordedAt = new long[examples * schedule.slots()];
            Arrays.fill(this.recordedAt, -1);
        }
        if (this.values.length != floats || this.recordedAt.length != (long) examples * schedule.slots()) {
            throw new IllegalArgumentException("logit memory arrays do not match [" + examples + ", "
                    + schedule.slots() + ", " + classes + "]");
        }
    }

    /** Number of examples N. */
    public int examples() {
        return examples;
    }

    /** Number of classes C. */
    public int classes() {
        return classes;
    }

    /** E and the active window. */
    public SafSchedule schedule() {
        return schedule;
    }

    /** Bytes held by the memory's arrays (logits and recorded epochs). */
    public long bytes() {
        return (long) values.length * Float.BYTES + (long) recordedAt.length * Long.BYTES;
    }

    /**
     * Stores {@code logits} (row i for example {@code ids[i]}, converted to float) into slot
     * {@link SafSchedule#writeSlot(long) writeSlot(epoch)}, marking it as recorded at {@code epoch}. The caller's
     * array is copied, not kept.
     *
     * @param ids    global example ids in [0, N), one per row
     * @param epoch  the current epoch, {@code >= 0}
     * @param logits [B, C] with B = ids.length
     */
    public void record(long[] ids, long epoch, INDArray logits) {
        Objects.requireNonNull(ids, "ids");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (logits.rank() != 2 || logits.rows() != ids.length || logits.columns() != classes) {
            throw new IllegalArgumentException("logits must be [" + ids.length + ", " + classes + "], got "
                    + Arrays.toString(logits.shape()));
        }
        float[] data = ids.length == 0 ? new float[0] : floatsC(logits);
        int slot = schedule.writeSlot(epoch);
        for (int i = 0; i < ids.length; i++) {
            int cell = cell(ids[i], slot);
            System.arraycopy(data, i * classes, values, cell * classes, classes);
            recordedAt[cell] = epoch;
        }
    }

    /**
     * The values of {@code a} in C order as floats: read straight from host memory when the array allows it (every
     * round records a minibatch's logits, and an ND4J copy and cast cost more than the rest of a SAF round's server
     * work), through ND4J's copies otherwise.
     */
    private static float[] floatsC(INDArray a) {
        int n = Math.toIntExact(a.length());
        if (Elementwise.DIRECT && a.dataType() == DataType.FLOAT && Elementwise.isCContiguous(a)
                && a.offset() + n <= Integer.MAX_VALUE) {
            float[] out = new float[n];
            a.data().asNioFloat().get((int) a.offset(), out, 0, n);
            return out;
        }
        return ParamTable.asCVector(a.castTo(DataType.FLOAT)).toFloatVector();
    }

    /**
     * The logits recorded E epochs ago for {@code ids}, and which of them are valid.
     *
     * @param past [B, C] float; the recorded logits where mask is 1, zeros elsewhere
     * @param mask [B] float; 1 where the read slot holds logits recorded at exactly epoch − E, else 0 (all 0 when
     *             the schedule is inactive at this epoch)
     */
    public record Lookup(INDArray past, INDArray mask) {
        /** Rejects nulls. */
        public Lookup {
            Objects.requireNonNull(past, "past");
            Objects.requireNonNull(mask, "mask");
        }
    }

    /** Reads the targets of the trajectory loss for a minibatch at {@code epoch}; see {@link Lookup}. */
    public Lookup read(long[] ids, long epoch) {
        Objects.requireNonNull(ids, "ids");
        float[] past = new float[ids.length * classes];
        float[] mask = new float[ids.length];
        OptionalInt slot = schedule.readSlot(epoch);
        for (int i = 0; i < ids.length; i++) {
            int cell = cell(ids[i], slot.orElse(0));
            if (slot.isPresent() && recordedAt[cell] == epoch - schedule.minusEpoch()) {
                System.arraycopy(values, cell * classes, past, i * classes, classes);
                mask[i] = 1;
            }
        }
        return new Lookup(Nd4j.create(past, new long[] {ids.length, classes}, 'c'),
                Nd4j.createFromArray(mask));
    }

    /** Index of (id, slot) in {@link #recordedAt}; checks the id. */
    private int cell(long id, int slot) {
        if (id < 0 || id >= examples) {
            throw new IndexOutOfBoundsException("example id " + id + " is outside [0, " + examples + ")");
        }
        return (int) id * schedule.slots() + slot;
    }

    /**
     * The memory in its binary checkpoint format:
     * <pre>
     * int magic 0x53484C4D ("SHLM"), int version 1,
     * int N, int E, int startEpoch, int endEpoch, int C,
     * long[N·(E+1)] recorded epochs, float[N·(E+1)·C] logits     (big-endian, C order)
     * </pre>
     *
     * @throws IllegalStateException if the memory is too large for one byte array (use {@link #write})
     */
    public byte[] toBytes() {
        long size = 7L * Integer.BYTES + bytes();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("logit memory of " + size + " bytes does not fit a byte[]; use write()");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a memory written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid memory
     */
    public static LogitMemory fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            LogitMemory m = read(in);
            if (in.read() != -1) {
                throw new StreamCorruptedException("trailing bytes after the logit memory");
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid logit memory: " + e.getMessage(), e);
        }
    }

    /** Writes the {@link #toBytes()} format to {@code out}; does not flush or close it. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(examples);
        out.writeInt(schedule.minusEpoch());
        out.writeInt(schedule.startEpoch());
        out.writeInt(schedule.endEpoch());
        out.writeInt(classes);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * Long.BYTES);
        for (int off = 0; off < recordedAt.length; off += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, recordedAt.length - off);
            buf.clear();
            buf.asLongBuffer().put(recordedAt, off, n);
            out.write(buf.array(), 0, n * Long.BYTES);
        }
        for (int off = 0; off < values.length; off += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, values.length - off);
            buf.clear();
            buf.asFloatBuffer().put(values, off, n);
            out.write(buf.array(), 0, n * Float.BYTES);
        }
    }

    /** Reads one memory written by {@link #write}, consuming exactly its bytes. */
    public static LogitMemory read(DataInputStream in) throws IOException {
        ParamCodec.readHeader(in, "LogitMemory", MAGIC, VERSION);
        int n = in.readInt();
        int e = in.readInt();
        int start = in.readInt();
        int end = in.readInt();
        int c = in.readInt();
        SafSchedule schedule;
        try {
            schedule = new SafSchedule(e, start, end);
        } catch (IllegalArgumentException ex) {
            throw new StreamCorruptedException("invalid logit memory schedule: " + ex.getMessage());
        }
        long cells = (long) n * schedule.slots();
        long floats = cells * c;
        if (n <= 0 || c <= 0 || floats > Integer.MAX_VALUE - 8) {
            throw new StreamCorruptedException("invalid logit memory shape [" + n + ", " + schedule.slots() + ", "
                    + c + "]");
        }
        long[] recorded = new long[(int) cells];
        float[] values = new float[(int) floats];
        byte[] buf = new byte[CHUNK_FLOATS * Long.BYTES];
        for (int off = 0; off < recorded.length; off += CHUNK_FLOATS) {
            int k = Math.min(CHUNK_FLOATS, recorded.length - off);
            in.readFully(buf, 0, k * Long.BYTES);
            ByteBuffer.wrap(buf, 0, k * Long.BYTES).asLongBuffer().get(recorded, off, k);
        }
        for (int off = 0; off < values.length; off += CHUNK_FLOATS) {
            int k = Math.min(CHUNK_FLOATS, values.length - off);
            in.readFully(buf, 0, k * Float.BYTES);
            ByteBuffer.wrap(buf, 0, k * Float.BYTES).asFloatBuffer().get(values, off, k);
        }
        return new LogitMemory(n, schedule, c, values, recorded);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (schedule == null || values == null || recordedAt == null || examples <= 0 || classes <= 0
                || recordedAt.length != (long) examples * schedule.slots()
                || values.length != (long) recordedAt.length * classes) {
            throw new InvalidObjectException("logit memory arrays do not match its shape");
        }
    }

    @Override
    public String toString() {
        return "LogitMemory[" + examples + ", " + schedule.slots() + ", " + classes + "]" + schedule;
    }
}
