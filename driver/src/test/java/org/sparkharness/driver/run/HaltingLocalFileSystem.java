package org.sparkharness.driver.run;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, except that writing a file of a given name stops the whole JVM (as SIGKILL would) after a
 * given number of bytes have reached the disk: how {@link DriverCrashIT} kills a driver in the middle of writing a
 * checkpoint, at a known byte, without timing. Installed as {@code fs.file.impl} through a {@code core-site.xml} on
 * the child JVM's class path; {@code harness.test.haltWriting} names the file, {@code harness.test.haltAfterBytes}
 * the bytes written before the halt.
 */
public final class HaltingLocalFileSystem extends LocalFileSystem {
    static final int EXIT_CODE = 86;
    private String victim;
    private long afterBytes;

    @Override
    public void initialize(java.net.URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        victim = conf.get("harness.test.haltWriting", "");
        afterBytes = conf.getLong("harness.test.haltAfterBytes", 4096);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        if (!f.getName().equals(victim)) return out;
        return new FSDataOutputStream(new Halting(out, afterBytes), null);
    }

    /** Passes bytes through until the limit, makes sure they are on disk, then halts the JVM. */
    private static final class Halting extends OutputStream {
        private final FSDataOutputStream out;
        private long left;

        Halting(FSDataOutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len < left) {
                out.write(b, off, len);
                left -= len;
                return;
            }
            out.write(b, off, (int) left);
            out.hsync();
            Runtime.getRuntime().halt(EXIT_CODE);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
