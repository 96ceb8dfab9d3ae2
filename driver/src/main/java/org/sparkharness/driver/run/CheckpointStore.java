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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamCodec;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint files {@code ckpt-<round>.bin} in one folder, each written to a temp file, synced and renamed (a new
 * name every round, so a rename never replaces anything), the newest {@code keep} kept. Every file ends with a CRC-32
 * of its contents: a crash mid-write leaves only a temp file, which {@link #latest} ignores, and a file cut short or
 * damaged later fails its checksum and is skipped, with a warning, for the next older one.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final int MAGIC = 0x53484350; // "SHCP"
    /**
     * 2 added training-method state, 3 the CRC-32 trailer, 4 named sections only (the block of named doubles is
     * gone); versions 1 to 3 are still read (1 and 2 without a check).
     */
    private static final int VERSION = 4;
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.bin");
    /** The temp file {@link RunFiles#writeAtomically} writes first: left behind only by a crash mid-write. */
    private static final Pattern UNFINISHED = Pattern.compile("\\.ckpt-(\\d+)\\.bin\\.tmp");

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
            CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(c.round());
            out.writeLong(c.seed());
            ParamCodec.write(c.params(), out);
            StateCodec.write(c.optimizerState(), out);
            out.writeInt(c.sections().size());
            for (Map.Entry<String, byte[]> e : new TreeMap<>(c.sections()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            new DataOutputStream(raw).writeLong(checked.getChecksum().getValue());
        });
        prune();
        return target;
    }

    /** The intact checkpoint with the highest round, if any; damaged newer ones are logged and skipped. */
    public Optional<Checkpoint> latest() {
        return latest(LOG::warn);
    }

    /**
     * The intact checkpoint with the highest round, if any. A newer file that cannot be read (cut short by a crash
     * or a full disk, damaged, or of an unknown version) is reported to {@code warn} and skipped.
     */
    public Optional<Checkpoint> latest(Consumer<String> warn) {
        for (Path unfinished : matching(UNFINISHED).toList()) {
            warn.accept("ignoring the unfinished checkpoint " + unfinished
                    + " (the run stopped while writing it; the checkpoints before it are complete)");
        }
        Path[] newestFirst = files().sorted(Comparator.comparingLong(CheckpointStore::roundOf).reversed())
                .toArray(Path[]::new);
        for (Path file : newestFirst) {
            try {
                return Optional.of(read(file));
            } catch (UncheckedIOException e) {
                warn.accept(e.getMessage() + "; skipping it for the next older one");
            }
        }
        return Optional.empty();
    }

    /** Reads one checkpoint, checking its CRC-32 (version 3 and later). */
    public Checkpoint read(Path file) {
        try (FSDataInputStream raw = fs.open(file)) {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
            DataInputStream in = new DataInputStream(checked);
            if (in.readInt() != MAGIC) throw new IOException("not a spark-harness checkpoint");
            int version = in.readInt();
            if (version < 1 || version > VERSION) throw new IOException("unsupported checkpoint version " + version);
            long round = in.readLong();
            long seed = in.readLong();
            ParamTable params = ParamCodec.read(in);
            OptimizerState state = StateCodec.read(in);
            Map<String, byte[]> sections = new HashMap<>();
            if (version <= 3) {
                // Up to version 3 a block of named doubles came first; each becomes an 8-byte section of its name.
                int n = in.readInt();
                for (int i = 0; i < n; i++) sections.put(in.readUTF(), LegacyDouble.encode(in.readDouble()));
            }
            int m = version >= 2 ? in.readInt() : 0;
            for (int i = 0; i < m; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                sections.put(name, bytes);
            }
            if (version >= 3) {
                long computed = checked.getChecksum().getValue();
                long stored = new DataInputStream(raw).readLong();
                if (stored != computed) throw new IOException("checksum mismatch: the file is damaged");
                if (raw.read() != -1) throw new IOException("unexpected bytes after the checksum");
            }
            return new Checkpoint(round, seed, params, state, sections);
        } catch (java.io.EOFException e) {
            IOException io = new IOException("it ends early (cut short while being written or copied)", e);
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + io.getMessage(), io);
        } catch (IOException | RuntimeException e) {
            // A damaged file can also fail inside the codecs (a negative length, an unknown tag).
            IOException io = e instanceof IOException x ? x : new IOException(e.toString(), e);
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + io.getMessage(), io);
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
        return matching(NAME);
    }

    private java.util.stream.Stream<Path> matching(Pattern name) {
        try {
            if (!fs.exists(dir)) return java.util.stream.Stream.empty();
            FileStatus[] st = fs.listStatus(dir);
            return Arrays.stream(st).map(FileStatus::getPath).filter(p -> name.matcher(p.getName()).matches());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static long roundOf(Path p) {
        Matcher m = NAME.matcher(p.getName());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The 8-byte encoding a named double of a version 1-3 file becomes (read it with {@link #decode}). */
    public static final class LegacyDouble {
        private LegacyDouble() {}

        static byte[] encode(double v) { return java.nio.ByteBuffer.allocate(8).putDouble(v).array(); }

        public static double decode(byte[] bytes) { return java.nio.ByteBuffer.wrap(bytes).getDouble(); }
    }
}
