package org.sparkharness.driver.curate;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.io.StageFiles;

/**
 * Runs a list of curation stages in order, each in its own folder {@code stages/NN-name} of the run, and makes the
 * pipeline resumable stage by stage: a finished stage leaves a completion marker holding a fingerprint of its
 * settings and of everything upstream (input and earlier stages). A rerun skips every stage whose marker matches
 * and reruns the first one that does not, and everything after it (datatrove's completion markers, with the
 * fingerprint making "relaunch with the same config" checkable instead of a convention).
 */
public final class CurationPipeline {
    static final String DONE = "_STAGE_DONE.json";
    static final String STARTED = "_STAGE_STARTED.json";

    /** Sorted keys and properties, so equal settings always hash the same. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** A stage with its position and config name. */
    public record Step(int index, String name, CurationStage stage) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stage, "stage");
        }

        /** {@code NN-name}, the stage's folder under {@code stages/}. */
        public String folder() { return String.format("%02d-%s", index, name); }
    }

    /** How one stage went: run now or found finished (resumed). */
    public record StageRun(int index, String name, String type, String dir, String fingerprint, boolean resumed,
                           double seconds, String summary, Object stats) {}

    /** Completion marker: written last, so its presence means the stage's output is complete. */
    public record Marker(String fingerprint, String type, String name, double seconds, String finished,
                         String summary, Object stats) {}

    public record Result(List<StageRun> stages, PipelineState end, double seconds) {}

    private final List<Step> steps;
    private final String inputFingerprint;

    /**
     * @param steps            the stages in order; index 0 is usually the input reader
     * @param inputFingerprint a digest of what the input is (config and dataset fingerprint), the root of every
     *                         stage's fingerprint
     */
    public CurationPipeline(List<Step> steps, String inputFingerprint) {
        this.steps = List.copyOf(steps);
        this.inputFingerprint = Objects.requireNonNull(inputFingerprint, "inputFingerprint");
    }

    public List<Step> steps() { return steps; }

    /** Fingerprints of every step, chained from the input's. Pure. */
    public List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        String previous = inputFingerprint;
        for (Step s : steps) {
            previous = sha256(previous + "\n" + s.stage().type() + "\n" + s.name() + "\n" + canonical(s.stage().settings()));
            out.add(previous);
        }
        return out;
    }

    /**
     * Runs (or resumes) every stage under {@code runRoot/stages}. {@code onStage} sees each finished stage (for the
     * metrics log) as soon as it is done.
     */
    public Result run(StageContext context, String runRoot, Consumer<StageRun> onStage) {
        long start = System.nanoTime();
        List<String> fingerprints = fingerprints();
        List<StageRun> runs = new ArrayList<>();
        PipelineState state = PipelineState.empty();
        boolean upstreamRerun = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String fp = fingerprints.get(i);
            String dir = new Path(new Path(runRoot, "stages"), step.folder()).toString();
            String tag = "[" + (i + 1) + "/" + steps.size() + " " + step.name() + "] ";
            Consumer<String> progress = line -> context.progress().accept(tag + line);
            Marker done = upstreamRerun ? null : readMarker(dir, DONE);
            StageRun run;
            if (done != null && fp.equals(done.fingerprint())) {
                progress.accept("finished in an earlier attempt (" + done.summary() + "): reusing " + dir);
                run = new StageRun(step.index(), step.name(), step.stage().type(), dir, fp, true, done.seconds(),
                        done.summary(), done.stats());
            } else {
                if (done != null) progress.accept("settings or upstream changed since it last ran: running it again");
                upstreamRerun = true;
                run = runStage(step, fp, dir, new StageContext(context.spark(), context.trainImages(), context.imagesInput(), progress), state);
            }
            state = step.stage().after(state, dir);
            runs.add(run);
            onStage.accept(run);
        }
        return new Result(runs, state, (System.nanoTime() - start) / 1e9);
    }

    private StageRun runStage(Step step, String fp, String dir, StageContext context, PipelineState in) {
        Marker started = readMarker(dir, STARTED);
        // A stage interrupted under the same settings keeps the parts it can reuse (the score stage's trained
        // models); anything else from an earlier attempt is removed so no stale file outlives a rerun.
        clear(dir, started != null && fp.equals(started.fingerprint()) ? step.stage().reusableOnRetry() : List.of());
        StageFiles.writeJson(new Path(dir, STARTED), new Marker(fp, step.stage().type(), step.name(), 0,
                OffsetDateTime.now().toString(), "started", null));
        long t0 = System.nanoTime();
        context.progress().accept("running " + step.stage().type() + " -> " + dir);
        Object stats = step.stage().run(context, in, dir);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String summary = step.stage().summarise(stats);
        StageFiles.writeJson(new Path(dir, DONE), new Marker(fp, step.stage().type(), step.name(), seconds,
                OffsetDateTime.now().toString(), summary, stats));
        context.progress().accept(String.format("done in %.1f s: %s", seconds, summary));
        return new StageRun(step.index(), step.name(), step.stage().type(), dir, fp, false, seconds, summary, stats);
    }

    static Marker readMarker(String dir, String name) {
        Path file = new Path(dir, name);
        if (!StageFiles.exists(file)) return null;
        try {
            return StageFiles.readJson(file, Marker.class);
        } catch (UncheckedIOException e) {
            return null; // a torn or foreign marker means "not finished"
        }
    }

    private static void clear(String dir, List<String> keep) {
        Path path = new Path(dir);
        FileSystem fs = StageFiles.fileSystem(path);
        try {
            if (!fs.exists(path)) {
                fs.mkdirs(path);
                return;
            }
            for (FileStatus child : fs.listStatus(path)) {
                if (!keep.contains(child.getPath().getName())) fs.delete(child.getPath(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare stage folder " + dir, e);
        }
    }

    static String canonical(Object settings) {
        try {
            return CANONICAL.writeValueAsString(settings);
        } catch (IOException e) {
            throw new IllegalArgumentException("stage settings are not serialisable: " + settings, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One metrics.jsonl line for a finished stage. */
    public static Map<String, Object> metricsLine(StageRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", r.index());
        m.put("name", r.name());
        m.put("type", r.type());
        m.put("resumed", r.resumed());
        m.put("seconds", r.seconds());
        m.put("summary", r.summary());
        m.put("dir", r.dir());
        return m;
    }
}
