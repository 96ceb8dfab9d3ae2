package org.sparkharness.executors.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The one way the harness writes a file that others read while it may be rewritten (checkpoints, run files, stage
 * outputs, saved scoring models, federated client state): readers see either the old file or the whole new one.
 * The bytes go to a hidden temp file beside the target ({@code .<name>.tmp}, which a reader can recognise as an
 * unfinished write; a unique name where several task attempts may write the same file at once), are synced, and the
 * temp file is renamed over the target in one step: rename(2) on a local disk, HDFS's rename with OVERWRITE
 * elsewhere. Never delete-then-rename, which leaves a moment with no file at all.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes what {@code content} writes to {@code target}, atomically, through {@code .<name>.tmp}. */
    public static void write(FileSystem fs, Path target, IoWriter content) {
        write(fs, target, new Path(target.getParent(), "." + target.getName() + ".tmp"), content);
    }

    /**
     * The same through a temp file of its own ({@code .<name>.<uuid>.tmp}): for files that concurrent attempts of a
     * Spark task (a retry beside a straggler) may write at the same time.
     */
    public static void writeConcurrently(FileSystem fs, Path target, IoWriter content) {
        write(fs, target, new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp"),
                content);
    }

    private static void write(FileSystem fs, Path target, Path tmp, IoWriter content) {
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                content.write(out);
                out.hsync();
            }
            replace(fs, tmp, target);
        } catch (IOException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // the write's own error is the one to report
            }
            throw new UncheckedIOException("writing " + target + " failed", e);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(FileSystem fs, Path target, byte[] bytes) {
        write(fs, target, out -> out.write(bytes));
    }

    /** Renames {@code from} to {@code to}, replacing {@code to} in one step where the file system can. */
    public static void replace(FileSystem fs, Path from, Path to) throws IOException {
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

    /** A writer that may throw IOException. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }
}
