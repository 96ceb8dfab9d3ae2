package org.sparkharness.data.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** IDX parsing on tiny in-memory files, written by hand (not with {@link IdxWriter}) so the two check each other. */
class IdxReaderTest {

    private static final String SOURCE = "mem/test-idx";

    /** Header ints big-endian, then the payload bytes. */
    private static byte[] idx(int[] header, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 * header.length + payload.length);
        for (int h : header) {
            b.putInt(h);
        }
        return b.put(payload).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37);
        }
        return p;
    }

    private static IdxFormatException failure(byte[] file) {
        return assertThrows(IdxFormatException.class, () -> IdxReader.read(file, SOURCE));
    }

    @Test
    void readsPlainImagesWithUnsignedPixels() {
        byte[] payload = pixels(2 * 3 * 4);
        IdxArray a = IdxReader.read(idx(new int[] {0x803, 2, 3, 4}, payload), SOURCE);

        assertArrayEquals(new int[] {2, 3, 4}, a.dims());
        assertEquals(2, a.count());
        assertEquals(12, a.itemSize());
        assertEquals(IdxArray.MAGIC_IMAGES, a.magic());
        assertArrayEquals(payload, a.data());
        assertEquals(-108, a.data()[4], "4·37 = 148 is stored as a negative Java byte");
        assertEquals(148, a.unsigned(4));
    }

    @Test
    void readsGzippedLabelsDetectedByMagicBytesNotName() throws IOException {
        byte[] labels = {0, 9, 3, (byte) 255};
        byte[] file = gzip(idx(new int[] {0x801, 4}, labels));

        IdxArray a = IdxReader.read(new ByteArrayInputStream(file), "labels-without-gz-suffix");

        assertArrayEquals(new int[] {4}, a.dims());
        assertArrayEquals(labels, a.data());
        assertEquals(255, a.unsigned(3));
    }

    @Test
    void readsFromAStreamWithoutMarkSupport() throws IOException {
        byte[] file = gzip(idx(new int[] {0x803, 1, 2, 2}, pixels(4)));
        InputStream noMark = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(file);
            @Override public int read() throws IOException { return in.read(); }
            @Override public boolean markSupported() { return false; }
        };

        assertArrayEquals(pixels(4), IdxReader.read(noMark, SOURCE).data());
    }

    @Test
    void readsEmptyItemCount() {
        IdxArray a = IdxReader.read(idx(new int[] {0x803, 0, 28, 28}, new byte[0]), SOURCE);
        assertEquals(0, a.count());
    }

    @Test
    void writerRoundTripsPlainAndGzip() {
        IdxArray images = IdxArray.images(3, 2, 5, pixels(30));
        assertEquals(images, IdxReader.read(IdxWriter.toBytes(images, false), SOURCE));
        assertEquals(images, IdxReader.read(IdxWriter.toBytes(images, true), SOURCE));
        byte[] gz = IdxWriter.toBytes(images, true);
        assertEquals(0x1f, gz[0] & 0xFF);
        assertEquals(0x8b, gz[1] & 0xFF);
        assertArrayEquals(gz, IdxWriter.toBytes(images, true), "gzip output is deterministic (no timestamp)");
        assertEquals(IdxArray.images(2, 2, 5, Arrays.copyOf(pixels(30), 20)), images.head(2));
    }

    @Test
    void badMagicNamesSourceFoundAndExpected() {
        IdxFormatException e = failure(idx(new int[] {0x00000A03, 1, 1, 1}, new byte[1]));

        assertEquals(SOURCE, e.source());
        assertTrue(e.getMessage().startsWith(SOURCE + ": bad magic 0x00000A03, expected 0x00000801 (labels) or "
                + "0x00000803 (images)"), e.getMessage());
    }

    @Test
    void otherTypeCodeIsRejectedWithItsName() {
        IdxFormatException e = failure(idx(new int[] {0x00000D03, 1, 1, 1}, new byte[4]));
        assertTrue(e.getMessage().contains("type code 0x0D (float32)"), e.getMessage());
    }

    @Test
    void wrongRankIsRejected() {
        IdxFormatException e = failure(idx(new int[] {0x00000802, 2, 2}, new byte[4]));

        assertTrue(e.getMessage().contains("bad magic 0x00000802"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
    }

    @Test
    void nonIdxBytesAreRejected() {
        IdxFormatException e = failure("PK\u0003\u0004 a zip file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void emptyAndShortHeadersAreRejected() {
        assertTrue(failure(new byte[0]).getMessage().contains("empty input"));
        assertTrue(failure(new byte[] {0, 0, 8}).getMessage().contains("truncated header: expected a 4-byte magic, "
                + "found 3"));
        IdxFormatException e = failure(idx(new int[] {0x803, 60000, 28}, new byte[0]));
        assertTrue(e.getMessage().contains("announces 3 dimension(s), i.e. 16 header bytes, found 12"),
                e.getMessage());
    }

    @Test
    void negativeDimensionIsRejected() {
        IdxFormatException e = failure(idx(new int[] {0x801, -1}, new byte[0]));
        assertTrue(e.getMessage().contains("dimension 0 is -1"), e.getMessage());
    }

    @Test
    void truncatedPayloadReportsExpectedAndFoundBytes() {
        IdxFormatException e = failure(idx(new int[] {0x803, 60000, 28, 28}, new byte[1000]));

        assertEquals(SOURCE + ": truncated: header says 60000×28×28 = 47040000 bytes, found 1000", e.getMessage());
    }

    @Test
    void truncatedGzipPayloadIsAFormatError() throws IOException {
        byte[] gz = gzip(idx(new int[] {0x803, 10, 28, 28}, pixels(7840)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);

        IdxFormatException e = failure(cut);
        assertTrue(e.getMessage().contains("gzip data ends early"), e.getMessage());
    }

    @Test
    void corruptGzipIsAFormatError() throws IOException {
        byte[] gz = gzip(idx(new int[] {0x801, 100}, pixels(100)));
        gz[gz.length - 6] ^= 0x55;   // inside the CRC32 trailer

        IdxFormatException e = failure(gz);
        assertTrue(e.getMessage().contains("gzip data is damaged"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] withTail = idx(new int[] {0x801, 3}, new byte[] {1, 2, 3, 4, 5});

        IdxFormatException plain = failure(withTail);
        IdxFormatException gz = failure(gzip(withTail));

        String expected = "trailing bytes: header says 3 = 3 bytes, found 2 more byte(s) after them";
        assertEquals(SOURCE + ": " + expected, plain.getMessage());
        assertEquals(expected, gz.problem());
    }

    @Test
    void hugeHeaderIsRejectedBeforeAllocating() {
        IdxFormatException e = failure(idx(new int[] {0x803, Integer.MAX_VALUE, 28, 28}, new byte[0]));
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());
    }
}
