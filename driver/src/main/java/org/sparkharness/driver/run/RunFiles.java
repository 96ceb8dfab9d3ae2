package org.sparkharness.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.executors.io.AtomicFiles;
import org.sparkharness.executors.io.HadoopConf;

/** Small helpers over the Hadoop FileSystem API for run folders: resolve a folder, write a file atomically. */
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

    /** Writes {@code content} to {@code target} atomically ({@link AtomicFiles}). */
    public static void writeAtomically(FileSystem fs, Path target, AtomicFiles.IoWriter content) {
        AtomicFiles.write(fs, target, content);
    }

    public static void writeString(FileSystem fs, Path target, String text) {
        writeAtomically(fs, target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

}
