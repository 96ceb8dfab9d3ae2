package org.sparkharness.data.idx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an unsigned-byte IDX file (labels {@code 0x00000801} or images {@code 0x00000803}), plain or gzipped.
 *
 * <pre>
 *   magic   int32 big-endian   0x0000 08 RR   (08 = unsigned byte, RR = rank 1 or 3)
 *   dims    RR × int32 big-endian              (item count first, then rows, cols)
 *   payload dims[0]·…·dims[RR-1] bytes, row-major, nothing after it
 * </pre>
 *
 * gzip is recognised by its first two bytes ({@code 0x1f 0x8b}), not by the file name. Every violation raises an
 * {@link IdxFormatException} naming the source, the expectation and what was found; I/O failures of the
 * underlying stream raise {@link UncheckedIOException}.
 *
 * <p>Does not detect bytes appended after the end of a gzip member (Java's {@code GZIPInputStream} ignores them);
 * a file checksum does. Stateless and thread-safe; never closes the stream it is given.
 */
public final class IdxReader {

    /** Largest array a JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final Map<Integer, String> TYPE_NAMES = Map.of(
            0x08, "uint8", 0x09, "int8", 0x0B, "int16", 0x0C, "int32", 0x0D, "float32", 0x0E, "float64");

    private IdxReader() {
    }

    /** Reads one IDX array from an in-memory file (plain or gzipped). */
    public static IdxArray read(byte[] file, String source) {
        return read(new ByteArrayInputStream(file), source);
    }

    /**
     * Reads one IDX array from {@code in} up to its end.
     *
     * @param in     plain or gzipped IDX bytes; consumed to the end, not closed
     * @param source file name or URI, used only in error messages
     */
    public static IdxArray read(InputStream in, String source) {
        try {
            return parse(decompressIfGzip(in), source);
        } catch (ZipException | EOFException e) {
            // Raised by the inflater: bad gzip header, bad deflate data, CRC mismatch, or data cut short.
            String what = e instanceof EOFException ? "gzip data ends early (file truncated?)" : "gzip data is damaged";
            throw new IdxFormatException(source, what + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a stream of the decompressed bytes when {@code in} starts with the gzip magic {@code 0x1f 0x8b}, else a
     * stream of {@code in}'s bytes unchanged.
     */
    public static InputStream decompressIfGzip(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    private static IdxArray parse(InputStream in, String source) throws IOException {
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length == 0) {
            throw new IdxFormatException(source, "empty input, expected an IDX header starting with magic "
                    + "0x00000801 (labels) or 0x00000803 (images)");
        }
        if (magicBytes.length < 4) {
            throw new IdxFormatException(source, "truncated header: expected a 4-byte magic, found "
                    + magicBytes.length + " byte(s)");
        }
        int magic = ByteBuffer.wrap(magicBytes).getInt();
        if (magic != IdxArray.MAGIC_LABELS && magic != IdxArray.MAGIC_IMAGES) {
            throw new IdxFormatException(source, String.format(
                    "bad magic 0x%08X, expected 0x%08X (labels) or 0x%08X (images)%s",
                    magic, IdxArray.MAGIC_LABELS, IdxArray.MAGIC_IMAGES, describeMagic(magic)));
        }
        int rank = magic & 0xFF;
        int headerBytes = 4 + 4 * rank;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(source, String.format(
                    "truncated header: magic 0x%08X announces %d dimension(s), i.e. %d header bytes, found %d",
                    magic, rank, headerBytes, 4 + dimBytes.length));
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = dimBuffer.getInt();
            if (dims[i] < 0) {
                throw new IdxFormatException(source, "dimension " + i + " is " + dims[i]
                        + " (int32 " + String.format("0x%08X", dims[i]) + "), expected a count >= 0");
            }
        }
        String shape = IdxArray.formatDims(dims);
        long expected = IdxArray.elementCount(dims);
        if (expected > MAX_ARRAY) {
            throw new IdxFormatException(source, "header says " + shape + " bytes, more than the " + MAX_ARRAY
                    + " one array can hold (corrupt header?)");
        }
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new IdxFormatException(source, "truncated: header says " + shape + " = " + expected
                    + " bytes, found " + data.length);
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IdxFormatException(source, "trailing bytes: header says " + shape + " = " + expected
                    + " bytes, found " + trailing + " more byte(s) after them");
        }
        return new IdxArray(dims, data);
    }

    /** A hint on why a magic is unsupported: not IDX at all, or an IDX type/rank this reader does not handle. */
    private static String describeMagic(int magic) {
        if ((magic >>> 16) != 0) {
            return "; the first two bytes must be zero: not an IDX file";
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        String typeName = TYPE_NAMES.getOrDefault(type, "unknown type");
        return String.format("; found type code 0x%02X (%s) with rank %d, only uint8 (0x08) with rank 1 or 3 is "
                + "supported", type, typeName, rank);
    }
}
