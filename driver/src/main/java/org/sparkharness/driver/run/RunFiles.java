package org.sparkharness.driver.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small helpers over the Hadoop FileSystem API: resolve a folder, write a file atomically (temp + rename). */
public final class RunFiles {
    private RunFiles() {}

    /** The file system of {@code path}; a path without a scheme is local. No .crc side files on local disks. */
    public static FileSystem fileSystem(Path path) {
        try {
            URI uri = path.toUri();
            Configuration conf = new Configuration();
            FileSystem fs = uri.getScheme() == null ? FileSystem.getLocal(conf) : path.getFileSystem(conf);
            fs.setWriteChecksum(false);
            fs.setVerifyChecksum(false);
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open file system for " + path, e);
        }
    }

    /** A qualified path: plain local paths become absolute file: URIs. */
    public static Path qualify(String location) {
        Path p = new Path(location);
        return fileSystem(p).makeQualified(p);
    }

    /** Writes {@code content} to {@code target} so readers see either the old file or the whole new one. */
    public static void writeAtomically(FileSystem fs, Path target, IoWriter content) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                content.write(out);
                out.hsync();
            }
            if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
            if (!fs.rename(tmp, target)) throw new IOException("rename " + tmp + " -> " + target + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + " failed", e);
        }
    }

    public static void writeString(FileSystem fs, Path target, String text) {
        writeAtomically(fs, target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A writer that may throw IOException. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }
}
