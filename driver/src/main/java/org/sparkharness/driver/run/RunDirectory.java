package org.sparkharness.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's folder: {@code <output>/<name>/<yyyyMMdd-HHmmss>/} holding config.yaml, manifest.json, metrics.jsonl and
 * checkpoints/. Fresh runs get a new timestamped folder; {@code --resume} reopens the newest one (or a given one).
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final FileSystem fs;
    private final Path root;

    private RunDirectory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** A new folder under {@code output/name}. */
    public static RunDirectory create(String output, String name) {
        Path parent = RunFiles.qualify(output + "/" + name);
        FileSystem fs = RunFiles.fileSystem(parent);
        String stamp = LocalDateTime.now().format(STAMP);
        Path dir = new Path(parent, stamp);
        try {
            for (int i = 2; fs.exists(dir); i++) dir = new Path(parent, stamp + "-" + i);
            fs.mkdirs(new Path(dir, "checkpoints"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder under " + parent, e);
        }
        return new RunDirectory(fs, dir);
    }

    /** The run folder at {@code location} (any Hadoop URI), as it is. */
    public static RunDirectory at(String location) {
        Path dir = RunFiles.qualify(location);
        return new RunDirectory(RunFiles.fileSystem(dir), dir);
    }

    /** An existing run folder: {@code explicit} if given, else the newest under {@code output/name}. */
    public static RunDirectory existing(String output, String name, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            Path dir = RunFiles.qualify(explicit);
            FileSystem fs = RunFiles.fileSystem(dir);
            try {
                if (!fs.exists(new Path(dir, "checkpoints"))) {
                    throw new RunSetupException("--resume " + explicit + ": not a run folder (no checkpoints/)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new RunDirectory(fs, dir);
        }
        Path parent = RunFiles.qualify(output + "/" + name);
        FileSystem fs = RunFiles.fileSystem(parent);
        return newestChild(fs, parent).map(p -> new RunDirectory(fs, p)).orElseThrow(() ->
                new RunSetupException("--resume: no earlier run of '" + name + "' under " + parent
                        + "; start one without --resume"));
    }

    private static Optional<Path> newestChild(FileSystem fs, Path parent) {
        try {
            if (!fs.exists(parent)) return Optional.empty();
            return Arrays.stream(fs.listStatus(parent)).filter(FileStatus::isDirectory).map(FileStatus::getPath)
                    .max(Comparator.comparing(Path::getName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent, e);
        }
    }

    public Path root() { return root; }

    public FileSystem fs() { return fs; }

    public Path file(String name) { return new Path(root, name); }

    public CheckpointStore checkpoints(int keep) { return new CheckpointStore(fs, new Path(root, "checkpoints"), keep); }

    public void writeText(String name, String text) { RunFiles.writeString(fs, file(name), text); }

    /** The text of a file in this run folder, or null if it does not exist. */
    public String readText(String name) {
        try {
            if (!fs.exists(file(name))) return null;
            try (var in = fs.open(file(name))) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(name), e);
        }
    }

    @Override
    public String toString() { return root.toString(); }
}
