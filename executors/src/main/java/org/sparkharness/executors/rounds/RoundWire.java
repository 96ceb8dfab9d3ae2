package org.sparkharness.executors.rounds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        byte[] body = body(m.payload(), ser);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 8 + 8 + 4 + body.length);
        b.put(m.type()).putInt(m.worker()).putInt(m.attempt()).putLong(m.lastSeq()).putLong(m.version())
                .putInt(body.length).put(body);
        return b.flip();
    }

    public static WorkerMessage decodeWorker(ByteBuffer b, SerializerInstance ser) {
        byte type = b.get();
        int worker = b.getInt();
        int attempt = b.getInt();
        long lastSeq = b.getLong();
        long version = b.getLong();
        return new WorkerMessage(type, worker, attempt, lastSeq, version,
                payload(b, type == FAILED || type == EVAL_FAILED, ser));
    }

    public static ByteBuffer encode(Command c, SerializerInstance ser) {
        byte[] body = body(c.payload(), ser);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 4 + body.length);
        b.put(c.type()).putLong(c.seq()).putLong(c.version()).putInt(body.length).put(body);
        return b.flip();
    }

    public static Command decodeCommand(ByteBuffer b, SerializerInstance ser) {
        byte type = b.get();
        long seq = b.getLong();
        long version = b.getLong();
        return new Command(type, seq, version, payload(b, false, ser));
    }

    /** The one-way cancel notice for round {@code version}. */
    public static ByteBuffer cancel(long version) {
        return ByteBuffer.allocate(9).put(CANCEL).putLong(version).flip();
    }

    private static byte[] body(Object payload, SerializerInstance ser) {
        if (payload == null) return new byte[0];
        if (payload instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ser.serialize(payload, ANY);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    private static Object payload(ByteBuffer b, boolean text, SerializerInstance ser) {
        int n = b.getInt();
        if (n == 0) return null;
        byte[] bytes = new byte[n];
        b.get(bytes);
        if (text) return new String(bytes, StandardCharsets.UTF_8);
        return ser.deserialize(ByteBuffer.wrap(bytes), ANY);
    }
}
