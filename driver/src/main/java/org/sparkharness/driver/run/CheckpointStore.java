package org.sparkharness.driver.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamCodec;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.StateCodec;

/**
 * Checkpoint files {@code ckpt-<round>.bin} in one folder, each written atomically (temp file + rename), the newest
 * {@code keep} kept. A crash mid-write leaves only a temp file, which {@link #latest} ignores.
 */
public final class CheckpointStore {
    private static final int MAGIC = 0x53484350; // "SHCP"
    /** 2 added training-method state; version 1 files are still read. */
    private static final int VERSION = 2;
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.bin");

    private final FileSystem fs;
    private final Path dir;
    private final int keep;

    public CheckpointStore(FileSystem fs, Path dir, int keep) {
        this.fs = fs;
        this.dir = dir;
        this.keep = keep;
    }

    public Path save(Checkpoint c) {
        Path target = new Path(dir, String.format("ckpt-%09d.bin", c.round()));
        RunFiles.writeAtomically(fs, target, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(c.round());
            out.writeLong(c.seed());
            ParamCodec.write(c.params(), out);
            StateCodec.write(c.optimizerState(), out);
            out.writeInt(c.policyState().size());
            for (Map.Entry<String, Double> e : c.policyState().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeInt(c.methodState().size());
            for (Map.Entry<String, byte[]> e : c.methodState().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
        });
        prune();
        return target;
    }

    /** The checkpoint with the highest round, if any. */
    public Optional<Checkpoint> latest() {
        return files().max(Comparator.comparingLong(CheckpointStore::roundOf)).map(this::read);
    }

    public Checkpoint read(Path file) {
        try (FSDataInputStream raw = fs.open(file)) {
            DataInputStream in = new DataInputStream(raw);
            if (in.readInt() != MAGIC) throw new IOException("not a spark-harness checkpoint");
            int version = in.readInt();
            if (version < 1 || version > VERSION) throw new IOException("unsupported checkpoint version " + version);
            long round = in.readLong();
            long seed = in.readLong();
            ParamTable params = ParamCodec.read(in);
            OptimizerState state = StateCodec.read(in);
            int n = in.readInt();
            Map<String, Double> policy = new HashMap<>();
            for (int i = 0; i < n; i++) policy.put(in.readUTF(), in.readDouble());
            Map<String, byte[]> method = new HashMap<>();
            int m = version >= 2 ? in.readInt() : 0;
            for (int i = 0; i < m; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                method.put(name, bytes);
            }
            return new Checkpoint(round, seed, params, state, policy, method);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private void prune() {
        Path[] all = files().sorted(Comparator.comparingLong(CheckpointStore::roundOf)).toArray(Path[]::new);
        for (int i = 0; i < all.length - keep; i++) {
            try {
                fs.delete(all[i], false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete old checkpoint " + all[i], e);
            }
        }
    }

    private java.util.stream.Stream<Path> files() {
        try {
            if (!fs.exists(dir)) return java.util.stream.Stream.empty();
            FileStatus[] st = fs.listStatus(dir);
            return Arrays.stream(st).map(FileStatus::getPath).filter(p -> NAME.matcher(p.getName()).matches());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static long roundOf(Path p) {
        Matcher m = NAME.matcher(p.getName());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
