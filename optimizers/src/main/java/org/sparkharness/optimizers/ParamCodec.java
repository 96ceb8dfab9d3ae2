package org.sparkharness.optimizers;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one binary format for {@link ParamTable}s: checkpoints, Java serialization of tables and
 * {@link StateCodec} all use it, so a table written by one is readable by the others.
 *
 * <pre>
 * int   magic   0x53485054 ("SHPT")
 * int   version 1
 * int   count
 * count times, in table order:
 *   UTF   name                 (DataOutput.writeUTF)
 *   byte  dtype                1 = FLOAT, 2 = DOUBLE
 *   int   rank, then rank longs: shape
 *   raw values                 C (row-major) order, big-endian IEEE 754, 4 or 8 bytes each
 * </pre>
 *
 * Only FLOAT and DOUBLE tensors are supported; other dtypes are rejected on write with the parameter's name.
 * Stateless and thread-safe.
 */
public final class ParamCodec {
    /** "SHPT": spark-harness parameter table. */
    static final int MAGIC = 0x53485054;
    static final int VERSION = 1;
    private static final byte FLOAT = 1;
    private static final byte DOUBLE = 2;
    private static final int MAX_RANK = 32;
    /** Values converted per chunk, to bound the temporary byte buffer. */
    private static final int CHUNK = 1 << 14;

    private ParamCodec() {
    }

    /**
     * Writes {@code table} to {@code out}. Does not flush or close {@code out}.
     *
     * @throws IllegalArgumentException if a tensor's dtype is neither FLOAT nor DOUBLE
     */
    public static void write(ParamTable table, DataOutputStream out) throws IOException {
        writeTo(table, out);
    }

    /**
     * Reads one table written by {@link #write}, consuming exactly its bytes.
     *
     * @throws StreamCorruptedException if the magic number, version or a header field is invalid
     */
    public static ParamTable read(DataInputStream in) throws IOException {
        return readFrom(in);
    }

    static void writeTo(ParamTable table, DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(table.size());
        for (String name : table.names()) {
            INDArray a = table.get(name);
            byte code = dtypeCode(name, a.dataType());
            out.writeUTF(name);
            out.writeByte(code);
            long[] shape = a.shape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            writeValues(a, code, out);
        }
    }

    static ParamTable readFrom(DataInput in) throws IOException {
        readHeader(in, "ParamCodec", MAGIC, VERSION);
        int count = in.readInt();
        if (count < 0) {
            throw new StreamCorruptedException("negative tensor count " + count);
        }
        ParamTable.Builder b = ParamTable.builder();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte code = in.readByte();
            if (code != FLOAT && code != DOUBLE) {
                throw new StreamCorruptedException("parameter '" + name + "': unknown dtype code " + code);
            }
            int rank = in.readInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new StreamCorruptedException("parameter '" + name + "': invalid rank " + rank);
            }
            long[] shape = new long[rank];
            long length = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readLong();
                if (shape[d] < 0) {
                    throw new StreamCorruptedException("parameter '" + name + "': invalid shape "
                            + Arrays.toString(shape));
                }
                length = Math.multiplyExact(length, shape[d]);
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new StreamCorruptedException("parameter '" + name + "': " + length
                        + " values exceed the largest Java array");
            }
            b.put(name, readValues(in, code, shape, (int) length));
        }
        return b.build();
    }

    /** Reads and checks the magic number and version that start every stream of this module's codecs. */
    static void readHeader(DataInput in, String format, int magic, int version) throws IOException {
        int m = in.readInt();
        if (m != magic) {
            throw new StreamCorruptedException(String.format(
                    "not a %s stream: magic 0x%08X, expected 0x%08X", format, m, magic));
        }
        int v = in.readInt();
        if (v != version) {
            throw new StreamCorruptedException("unsupported " + format + " version " + v + " (this build reads "
                    + version + ")");
        }
    }

    private static byte dtypeCode(String name, DataType dtype) {
        if (dtype == DataType.FLOAT) {
            return FLOAT;
        }
        if (dtype == DataType.DOUBLE) {
            return DOUBLE;
        }
        throw new IllegalArgumentException("parameter '" + name + "' has dtype " + dtype
                + "; ParamCodec stores only FLOAT and DOUBLE");
    }

    private static void writeValues(INDArray a, byte code, DataOutput out) throws IOException {
        if (a.length() == 0) {
            return;
        }
        INDArray vec = ParamTable.asCVector(a);
        if (code == FLOAT) {
            float[] v = vec.toFloatVector();
            ByteBuffer buf = ByteBuffer.allocate(Math.min(v.length, CHUNK) * Float.BYTES);
            for (int from = 0; from < v.length; from += CHUNK) {
                int n = Math.min(CHUNK, v.length - from);
                buf.clear();
                buf.asFloatBuffer().put(v, from, n);
                out.write(buf.array(), 0, n * Float.BYTES);
            }
        } else {
            double[] v = vec.toDoubleVector();
            ByteBuffer buf = ByteBuffer.allocate(Math.min(v.length, CHUNK) * Double.BYTES);
            for (int from = 0; from < v.length; from += CHUNK) {
                int n = Math.min(CHUNK, v.length - from);
                buf.clear();
                buf.asDoubleBuffer().put(v, from, n);
                out.write(buf.array(), 0, n * Double.BYTES);
            }
        }
    }

    private static INDArray readValues(DataInput in, byte code, long[] shape, int length) throws IOException {
        DataType dtype = code == FLOAT ? DataType.FLOAT : DataType.DOUBLE;
        if (length == 0) {
            return Nd4j.create(dtype, shape);
        }
        int width = code == FLOAT ? Float.BYTES : Double.BYTES;
        byte[] bytes = new byte[Math.min(length, CHUNK) * width];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (code == FLOAT) {
            float[] v = new float[length];
            for (int from = 0; from < length; from += CHUNK) {
                int n = Math.min(CHUNK, length - from);
                in.readFully(bytes, 0, n * width);
                buf.clear();
                buf.asFloatBuffer().get(v, from, n);
            }
            return Nd4j.create(v, shape, 'c');
        }
        double[] v = new double[length];
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            in.readFully(bytes, 0, n * width);
            buf.clear();
            buf.asDoubleBuffer().get(v, from, n);
        }
        return Nd4j.create(v, shape, 'c');
    }
}
