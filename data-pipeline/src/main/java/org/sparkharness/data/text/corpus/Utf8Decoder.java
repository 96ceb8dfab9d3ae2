package org.sparkharness.data.text.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that replaces each malformed sequence with U+FFFD, as {@code new String(bytes, UTF_8)} and Python's
 * {@code errors="replace"} do, and counts the replacements so that a report can say how much text was damaged.
 * Not thread-safe: one instance per task.
 */
final class Utf8Decoder {
    static final char REPLACEMENT = '\uFFFD';

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long replaced;

    /** Decodes {@code bytes[offset, offset + length)}. */
    String decode(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        // A UTF-8 byte never decodes to more than one char, and a replaced sequence is at least one byte.
        CharBuffer out = CharBuffer.allocate(length);
        decoder.reset();
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (!result.isError()) {
                throw new IllegalStateException("UTF-8 decoder overflowed a buffer sized to its input: " + result);
            }
            out.put(REPLACEMENT);
            in.position(in.position() + result.length());
            replaced++;
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Malformed sequences replaced so far by this decoder. */
    long replaced() {
        return replaced;
    }

    /** The replacements since the last call, and restarts the count. */
    long takeReplaced() {
        long r = replaced;
        replaced = 0;
        return r;
    }
}
