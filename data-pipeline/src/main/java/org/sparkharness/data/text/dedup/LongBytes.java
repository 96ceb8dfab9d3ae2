package org.sparkharness.data.text.dedup;

import java.nio.ByteBuffer;

/** long[] as a Spark binary column (8 bytes each, big-endian): no boxing, unlike array&lt;bigint&gt; in Java code. */
final class LongBytes {
    private LongBytes() {}

    static byte[] encode(long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES);
        buf.asLongBuffer().put(values);
        return buf.array();
    }

    static long[] decode(byte[] bytes) {
        long[] out = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(out);
        return out;
    }
}
