package org.sparkharness.driver.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.sparkharness.executors.io.HadoopConf;

/** Small helpers over the Hadoop FileSystem API: resolve a folder, write a file atomically (temp + replacing rename). */
public final class RunFiles {
    private RunFiles() {}

    /**
     * The file system of {@code path} under the shared Hadoop configuration ({@link HadoopConf}); a path without a
     * scheme belongs to {@code fs.defaultFS} (the local disk unless the cluster's configuration says otherwise). No
     * .crc side files on local disks.
     */
    public static FileSystem fileSystem(Path path) {
        try {
            FileSystem fs = path.getFileSystem(HadoopConf.get());
            fs.setWriteChecksum(false);
            fs.setVerifyChecksum(false);
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open file system for " + path, e);
        }
    }

    /** A qualified path: a path without a scheme is resolved against {@code fs.defaultFS} and the working folder. */
    public static Path qualify(String location) {
        Path p = new Path(location);
        return fileSystem(p).makeQualified(p);
    }

    /**
     * Writes {@code content} to {@code target} so readers see either the old file or the whole new one: a temp file
     * beside it, synced, then renamed over it in one step (rename(2) on a local disk, HDFS's rename with OVERWRITE;
     * never delete-then-rename, which leaves a moment with no file at all).
     */
    public static void writeAtomically(FileSystem fs, Path target, IoWriter content) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                content.write(out);
                out.hsync();
            }
            replace(fs, tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + " failed", e);
        }
    }

    /** Renames {@code from} to {@code to}, replacing {@code to} in one step where the file system can. */
    static void replace(FileSystem fs, Path from, Path to) throws IOException {
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            java.io.File src = new java.io.File(fs.makeQualified(from).toUri());
            java.io.File dst = new java.io.File(fs.makeQualified(to).toUri());
            Files.move(src.toPath(), dst.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (fs instanceof ChecksumFileSystem c) {
                // The side file follows its data, or a stale one would fail the next read's verification.
                Path fromSum = c.getChecksumFile(from);
                Path toSum = c.getChecksumFile(to);
                if (c.getRawFileSystem().exists(fromSum)) {
                    c.getRawFileSystem().rename(fromSum, toSum);
                } else {
                    c.getRawFileSystem().delete(toSum, false);
                }
            }
            return;
        }
        FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(from, to, Options.Rename.OVERWRITE);
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
