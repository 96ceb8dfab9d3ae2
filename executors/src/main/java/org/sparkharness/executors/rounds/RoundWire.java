package org.sparkharness.executors.rounds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerResult;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The persistent engine's messages, as bytes. A worker's message carries its index, its Spark attempt, the sequence
 * number of the last command it received and the round it answers; the driver answers every worker message with the
 * next command (at once when there is a newer one, else when it is published). Objects (parameters, results) are
 * written with the application's Spark serializer, so what Kryo is configured to do for broadcasts holds here too.
 */
public final class RoundWire {
    /**
     * Worker → driver: a worker task started (or restarted) and wants the current command; its version field holds
     * the Spark task attempt id.
     */
    public static final byte HELLO = 1;
    /** Worker → driver: a round's result ({@code WorkerResult}). */
    public static final byte TRAINED = 2;
    /** Worker → driver: the round's computation threw; the text says why. */
    public static final byte FAILED = 3;
    /** Worker → driver: the worker stopped its round because the driver closed it. */
    public static final byte CANCELLED = 4;
    /** Worker → driver: the test shard's evaluation ({@code EvalResult}). */
    public static final byte EVALUATED = 5;
    /** Worker → driver: the evaluation threw; the text says why. */
    public static final byte EVAL_FAILED = 6;
    /** Driver → worker: compute round {@code version} on the {@code RoundInput} that follows. */
    public static final byte TRAIN = 10;
    /** Driver → worker: evaluate the parameters that follow on the test shard. */
    public static final byte EVAL = 11;
    /** Driver → worker: training is over; end the task. */
    public static final byte STOP = 12;
    /** Driver → worker, one way: round {@code version} is closed; stop working on it at the next boundary. */
    public static final byte CANCEL = 20;

    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

    private RoundWire() {}

    /** A worker's message. {@code payload} is an object (result) or a string (failure), or null. */
    public record WorkerMessage(byte type, int worker, int attempt, long lastSeq, long version, Object payload) {}

    /** A driver command: its sequence number, the round or evaluation it is for, and its object (or null). */
    public record Command(byte type, long seq, long version, Object payload) {}

    public static ByteBuffer encode(WorkerMessage m, SerializerInstance ser) {
        return encode(m, ser, null);
    }

    /** {@link #encode(WorkerMessage, SerializerInstance)} into {@code reuse} when it is large enough. */
    public static ByteBuffer encode(WorkerMessage m, SerializerInstance ser, ByteBuffer reuse) {
        Body body = Body.of(m.payload(), ser);
        ByteBuffer b = buffer(1 + 4 + 4 + 8 + 8 + body.size(), reuse);
        b.put(m.type()).putInt(m.worker()).putInt(m.attempt()).putLong(m.lastSeq()).putLong(m.version());
        body.writeTo(b);
        return b.flip();
    }

    public static WorkerMessage decodeWorker(ByteBuffer b, SerializerInstance ser) {
        byte type = b.get();
        int worker = b.getInt();
        int attempt = b.getInt();
        long lastSeq = b.getLong();
        long version = b.getLong();
        return new WorkerMessage(type, worker, attempt, lastSeq, version, Body.read(b, ser));
    }

    public static ByteBuffer encode(Command c, SerializerInstance ser) {
        return encode(c, ser, null);
    }

    /** {@link #encode(Command, SerializerInstance)} into {@code reuse} when it is large enough. */
    public static ByteBuffer encode(Command c, SerializerInstance ser, ByteBuffer reuse) {
        Body body = Body.of(c.payload(), ser);
        ByteBuffer b = buffer(1 + 8 + 8 + body.size(), reuse);
        b.put(c.type()).putLong(c.seq()).putLong(c.version());
        body.writeTo(b);
        return b.flip();
    }

    public static Command decodeCommand(ByteBuffer b, SerializerInstance ser) {
        byte type = b.get();
        long seq = b.getLong();
        long version = b.getLong();
        return new Command(type, seq, version, Body.read(b, ser));
    }

    /**
     * Buffers are reused because fresh memory is slow to touch (every new page faults, which some sandboxes make very
     * dear): a 32 MB message in a new buffer cost 170 ms, most of a round of an 8 M-parameter model.
     */
    private static ByteBuffer buffer(int size, ByteBuffer reuse) {
        if (reuse != null && reuse.capacity() >= size) return reuse.clear();
        return ByteBuffer.allocate(size);
    }

    /**
     * A payload: its one large array (parameters, a gradient) copied raw, in bulk and without the serializer's
     * intermediate buffers, into an array from {@link ArrayPool} (give it back when done), and everything else
     * through the serializer.
     */
    private record Body(byte kind, ByteBuffer small, INDArray array) {
        static final byte NONE = 0, TEXT = 1, OBJECT = 2, ARRAY = 3, OBJECT_AND_ARRAY = 4;
        /** Stands in for the parameters inside a serialised RoundInput (which needs some). */
        static final INDArray PLACEHOLDER = Nd4j.scalar(0f);

        static Body of(Object payload, SerializerInstance ser) {
            if (payload == null) return new Body(NONE, null, null);
            if (payload instanceof String s) return new Body(TEXT, ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), null);
            if (payload instanceof INDArray a) return new Body(ARRAY, null, a);
            if (payload instanceof RoundInput in) {
                RoundInput rest = new RoundInput(in.round(), PLACEHOLDER, in.teacher(), in.pastLogits());
                return new Body(OBJECT_AND_ARRAY, ser.serialize(rest, ANY), in.params());
            }
            if (payload instanceof WorkerResult r && r.gradientSum() != null) {
                return new Body(OBJECT_AND_ARRAY, ser.serialize(r.withoutGradient(), ANY), r.gradientSum());
            }
            return new Body(OBJECT, ser.serialize(payload, ANY), null);
        }

        int size() {
            int n = 1 + 4 + (small == null ? 0 : small.remaining());
            if (array != null) n += 1 + 4 + 8 * array.rank() + 8 + (int) (array.length() * array.dataType().width());
            return n;
        }

        void writeTo(ByteBuffer b) {
            b.put(kind);
            b.putInt(small == null ? 0 : small.remaining());
            if (small != null) b.put(small.duplicate());
            if (array == null) return;
            INDArray a = array.isView() || array.ordering() != 'c' || array.data().length() != array.length()
                    ? array.dup('c') : array;
            b.put((byte) a.dataType().ordinal()).putInt(a.rank());
            for (long d : a.shape()) b.putLong(d);
            long bytes = a.length() * a.dataType().width();
            b.putLong(bytes);
            ByteBuffer raw = a.data().asNio().duplicate().order(b.order());
            raw.position(0).limit((int) bytes);
            b.put(raw);
            if (a != array) a.close();
        }

        static Object read(ByteBuffer b, SerializerInstance ser) {
            byte kind = b.get();
            int n = b.getInt();
            ByteBuffer small = b.slice();
            small.limit(n);
            b.position(b.position() + n);
            if (kind == NONE) return null;
            if (kind == TEXT) {
                byte[] bytes = new byte[n];
                small.get(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            Object object = kind == ARRAY ? null : ser.deserialize(small, ANY);
            if (kind == OBJECT) return object;
            DataType dtype = DataType.values()[b.get()];
            long[] shape = new long[b.getInt()];
            for (int i = 0; i < shape.length; i++) shape[i] = b.getLong();
            int bytes = (int) b.getLong();
            INDArray a = ArrayPool.SHARED.take(dtype, shape);
            ByteBuffer raw = b.slice();
            raw.limit(bytes);
            b.position(b.position() + bytes);
            a.data().asNio().duplicate().position(0).put(raw);
            if (kind == ARRAY) return a;
            if (object instanceof RoundInput in) return new RoundInput(in.round(), a, in.teacher(), in.pastLogits());
            return ((WorkerResult) object).withGradient(a);
        }
    }

    /** The one-way cancel notice for round {@code version}. */
    public static ByteBuffer cancel(long version) {
        return ByteBuffer.allocate(9).put(CANCEL).putLong(version).flip();
    }

}
