package org.sparkharness.executors.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.optimizers.ParamCodec;
import org.sparkharness.optimizers.ParamTable;

/**
 * Per-client state that outlives a round (FedCAC's personalised models, pFedPara's local factors), kept on a Hadoop
 * file system rather than in driver memory, so thousands of clients fit and a crash loses nothing.
 *
 * <p>Layout: {@code <root>/<client>/v<version>.bin}, one {@link ParamCodec} table per file. Version v is the state
 * a client starts round v with (written after round v − 1). Versions make resume exact: a run resumed at round k
 * reads the newest version ≤ k and so never sees what a killed round k wrote. Writes go to a temporary file that is
 * renamed into place, so a reader never sees half a file. Usable from the driver and from executors (it holds only
 * the root URI); the root must be reachable from both (HDFS/S3 on a cluster, local disk in local mode).
 */
public final class ClientStore implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String root;
    private final long retainRounds;

    /**
     * @param retainRounds how far back a resume may go, in rounds: a write of version v keeps the newest version
     *                     ≤ v − retainRounds and everything newer (checkpoint interval × checkpoints kept, plus one)
     */
    public ClientStore(String root, long retainRounds) {
        this.root = Objects.requireNonNull(root, "root");
        if (retainRounds < 1) throw new IllegalArgumentException("retainRounds must be >= 1, got " + retainRounds);
        this.retainRounds = retainRounds;
    }

    public String root() {
        return root;
    }

    /** The newest stored state of {@code client} with version ≤ {@code atMost}, if any. */
    public Optional<ParamTable> latest(int client, long atMost) {
        try {
            FileSystem fs = fs();
            Optional<Long> version = versions(fs, client).stream().filter(v -> v <= atMost).max(Long::compare);
            if (version.isEmpty()) return Optional.empty();
            Path file = file(client, version.get());
            try (FSDataInputStream in = fs.open(file)) {
                return Optional.of(ParamCodec.read(new DataInputStream(in)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("client store: cannot read " + file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("client store: cannot list " + dir(client), e);
        }
    }

    /**
     * Stores {@code table} as {@code client}'s state at {@code version}, replacing an earlier write of the same
     * version, and deletes the versions no resume can need.
     */
    public void write(int client, long version, ParamTable table) {
        Path target = file(client, version);
        try {
            FileSystem fs = fs();
            org.sparkharness.executors.io.AtomicFiles.writeConcurrently(fs, target, out -> {
                DataOutputStream data = new DataOutputStream(out);
                ParamCodec.write(table, data);
                data.flush();
            });
            prune(fs, client, version - retainRounds);
        } catch (IOException e) {
            throw new UncheckedIOException("client store: cannot write " + target, e);
        }
    }

    /** Number of clients with at least one stored version (for reports and tests). */
    public int clientsStored() {
        try {
            FileSystem fs = fs();
            Path r = new Path(root);
            if (!fs.exists(r)) return 0;
            int n = 0;
            for (FileStatus s : fs.listStatus(r)) if (s.isDirectory()) n++;
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("client store: cannot list " + root, e);
        }
    }

    private void prune(FileSystem fs, int client, long keepFrom) throws IOException {
        List<Long> versions = versions(fs, client);
        long floor = versions.stream().filter(v -> v <= keepFrom).max(Long::compare).orElse(Long.MIN_VALUE);
        for (long v : versions) if (v < floor) fs.delete(file(client, v), false);
    }

    private List<Long> versions(FileSystem fs, int client) throws IOException {
        List<Long> out = new ArrayList<>();
        FileStatus[] files;
        try {
            files = fs.listStatus(dir(client));
        } catch (FileNotFoundException e) {
            return out;
        }
        for (FileStatus s : files) {
            String name = s.getPath().getName();
            if (name.startsWith("v") && name.endsWith(".bin")) {
                out.add(Long.parseLong(name.substring(1, name.length() - 4)));
            }
        }
        return out;
    }

    private Path dir(int client) {
        return new Path(root, Integer.toString(client));
    }

    private Path file(int client, long version) {
        return new Path(dir(client), "v" + version + ".bin");
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(root), HadoopConf.get());
    }

    @Override
    public String toString() {
        return "ClientStore(" + root + ")";
    }
}
