package org.sparkharness.driver.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.noise.NoiseSettings;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.text.corpus.CorpusInput;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Builds the stage list from config: binds each stage mapping to its {@link StageConfig} record (errors name
 * {@code stages[i].field}), which builds the stage, and checks, before Spark starts, that every stage has what it
 * reads (a score stage before prune and noise; text input before filter and dedup; image input before score).
 */
public final class Stages {
    /** The stage types, as {@code type:} names, from {@link StageConfig}'s registrations. */
    public static final List<String> TYPES = ConfigLoader.subtypeNames(StageConfig.class);

    private Stages() {}

    public static List<CurationPipeline.Step> plan(CurateConfig config) {
        List<CurationPipeline.Step> steps = new ArrayList<>();
        boolean text = config.input().textual();
        if (text) steps.add(new CurationPipeline.Step(0, "read", new ReadTextStage(config.input().corpus())));
        boolean scores = false;
        ScoreSettings lastScore = null;
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < config.stages().size(); i++) {
            String at = "stages[" + i + "]";
            ObjectNode node = config.stages().get(i).deepCopy();
            // The name belongs to the pipeline (folders, resumption), not to the stage's settings.
            String name = text(node.remove("name"), at + ".name");
            if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException(at + ".name", name, "must use only letters, digits, '.', '_' and '-'");
            }
            CurationStage stage = ConfigLoader.bind(node, StageConfig.class, at).build();
            String type = stage.type();
            name = name == null ? type : name;
            if (!names.add(name)) throw new ConfigException(at + ".name", name, "is used by an earlier stage; names must be unique");
            if (stage.settings() instanceof ScoreSettings ss) lastScore = ss;
            if (stage.settings() instanceof NoiseSettings ns && ns.flagsAuto() && lastScore != null
                    && lastScore.labelNoise() == 0) {
                throw new ConfigException(at + ".flag", ns.flag(), "'auto' flags as many examples as were made noisy, "
                        + "but the score stage injects no label noise (labelNoise: 0); give a fraction, e.g. flag: 0.1");
            }
            switch (stage.needs()) {
                case TEXT -> {
                    if (!text) throw new ConfigException(at + ".type", type, "reads text documents: needs input.text");
                }
                case IMAGES -> {
                    if (text) throw new ConfigException(at + ".type", type, "scores an image training set: needs input.images");
                    scores = true;
                }
                case SCORES -> {
                    if (!scores) throw new ConfigException(at + ".type", type, "reads example scores: put a score stage before it");
                }
                default -> { }
            }
            steps.add(new CurationPipeline.Step(i + 1, name, stage));
        }
        return steps;
    }

    private static String text(JsonNode node, String path) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ConfigException(path, node.toString(), "must be a string");
        return node.asText();
    }

    /** The stage as a config mapping again (type, name, resolved settings), for config.yaml. */
    static Map<String, Object> asConfig(CurationPipeline.Step step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", step.stage().type());
        m.put("name", step.name());
        if (step.stage() instanceof DedupStage d) m.put("method", d.method());
        JsonNode settings = ConfigLoader.tree(step.stage().settings());
        settings.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /**
     * What the input is: its config plus, for every file under it, name, size and modification time; so replacing a
     * corpus file (or refetching a dataset) reruns the whole pipeline while an unchanged input is reused.
     */
    static String inputFingerprint(CurateConfig config) {
        StringBuilder b = new StringBuilder(CurationPipeline.canonical(config.input()));
        List<String> roots = new ArrayList<>();
        if (config.input().textual()) {
            for (CorpusInput in : config.input().text()) roots.add(in.path());
        } else {
            roots.add(config.input().images().location());
        }
        for (String root : roots) b.append('\n').append(listing(root));
        return CurationPipeline.sha256(b.toString());
    }

    private static String listing(String root) {
        Path path = new Path(root);
        FileSystem fs = StageFiles.fileSystem(path);
        List<String> entries = new ArrayList<>();
        try {
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null) return root + " (missing)";
            for (FileStatus m : matches) addFiles(fs, m, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list input " + root, e);
        }
        java.util.Collections.sort(entries);
        return String.join("\n", entries);
    }

    /**
     * listStatus, not listFiles: on the local file system without Hadoop's native library listFiles forks a stat
     * per file for its permissions (seconds for the 6,046 SpamAssassin messages).
     */
    private static void addFiles(FileSystem fs, FileStatus status, List<String> out) throws IOException {
        if (status.isDirectory()) {
            for (FileStatus child : fs.listStatus(status.getPath())) addFiles(fs, child, out);
        } else {
            out.add(status.getPath() + " " + status.getLen() + " " + status.getModificationTime());
        }
    }
}
