package org.sparkharness.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an {@link IdxArray} in the IDX format read by {@link IdxReader}, plain or gzipped at level 9.
 *
 * <p>The gzip header carries no timestamp, so the output depends only on the array and on the JDK's zlib.
 * Stateless and thread-safe; never closes the stream it is given.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** Writes the uncompressed IDX bytes (header, then payload) to {@code out}. */
    public static void write(IdxArray array, OutputStream out) throws IOException {
        int[] dims = array.dims();
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt(array.magic());
        for (int d : dims) {
            header.putInt(d);
        }
        out.write(header.array());
        out.write(array.data());
    }

    /** Writes the IDX bytes gzip-compressed at level 9 ({@link Deflater#BEST_COMPRESSION}) to {@code out}. */
    public static void writeGzip(IdxArray array, OutputStream out) throws IOException {
        OutputStream unclosable = new OutputStream() {
            @Override public void write(int b) throws IOException { out.write(b); }
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
        };
        try (GZIPOutputStream gz = new BestGzipOutputStream(unclosable)) {
            write(array, gz);
        }
        out.flush();
    }

    /** The file bytes, gzipped or not. */
    public static byte[] toBytes(IdxArray array, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(array.data().length / (gzip ? 2 : 1) + 64);
        try {
            if (gzip) {
                writeGzip(array, bytes);
            } else {
                write(array, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // cannot happen with a ByteArrayOutputStream
        }
        return bytes.toByteArray();
    }

    private static final class BestGzipOutputStream extends GZIPOutputStream {
        BestGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
