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
import org.sparkharness.data.image.ImageFolders;

/**
 * A run's folder: {@code <output>/<name>/<yyyyMMdd-HHmmss>/} holding config.yaml, manifest.json, metrics.jsonl,
 * checkpoints/ (and classes.json for image folders). Fresh runs get a new timestamped folder; {@code --resume}
 * reopens the newest one (or a given one).
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
                if (!fs.exists(new Path(dir, "checkpoints")) && !fs.exists(new Path(dir, "stages"))) {
                    throw new RunSetupException("--resume " + explicit + ": not a run folder (no checkpoints/ or stages/)");
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

    /** Writes {@code value} as pretty-printed JSON (summary.json). */
    public void writeJson(String name, Object value) {
        try {
            writeText(name, MetricsLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " as JSON", e);
        }
    }

    /** Saves the trained network as {@code model.zip} (DL4J ModelSerializer, without updater state). */
    public void writeModel(org.deeplearning4j.nn.api.Model network) {
        try (var out = fs.create(file("model.zip"), true)) {
            org.deeplearning4j.util.ModelSerializer.writeModel(network, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write final model to " + file("model.zip"), e);
        }
    }

    /**
     * Writes the resolved {@code config.yaml} and a {@code manifest.json} with the Spark conf in use, for a fresh run,
     * and for image folders {@code classes.json}: the class names in the order of the model's outputs.
     */
    public void writeRunFiles(String command, String configYaml, long seed, org.apache.spark.api.java.JavaSparkContext jsc,
                              java.util.Map<String, ?> data) {
        writeRunFiles(command, configYaml, seed, jsc, data, java.util.Map.of());
    }

    /** The same, with more top-level manifest entries ({@code devices}: where the worker slots run). */
    public void writeRunFiles(String command, String configYaml, long seed, org.apache.spark.api.java.JavaSparkContext jsc,
                              java.util.Map<String, ?> data, java.util.Map<String, ?> extra) {
        writeText("config.yaml", configYaml);
        // The effective configuration, secrets redacted (spark.redaction.regex) as in Spark's UI and event log.
        java.util.Map<String, String> sparkConf = org.sparkharness.driver.spark.SparkSetup.redacted(jsc.getConf());
        java.util.Map<String, Object> entries = new java.util.LinkedHashMap<>(extra);
        entries.put("master", jsc.master());
        writeText("manifest.json", RunManifest.json(command, seed, sparkConf, data, entries));
        // Image folders: output i of the model is the i-th class folder; kept beside model.zip to name predictions.
        if (data.get(ImageFolders.CLASS_NAMES) instanceof java.util.List<?> names) writeJson("classes.json", names);
    }

    /**
     * A resumed run may change settings (typically the number of rounds): the run's config.yaml stays as it was and
     * the configuration in use is saved beside it as config-resumed.yaml.
     */
    public void noteConfigChanges(String nowYaml, java.util.function.Consumer<String> progress) {
        String before = readText("config.yaml");
        if (before != null && !before.equals(nowYaml)) {
            writeText("config-resumed.yaml", nowYaml);
            progress.accept("note: the configuration differs from the run's config.yaml; the one in use is saved as "
                    + "config-resumed.yaml");
        }
    }

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
