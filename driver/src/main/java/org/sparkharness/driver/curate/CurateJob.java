package org.sparkharness.driver.curate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.score.TableScoringSet;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;

/**
 * {@code harness curate}: builds the stage list from config (validating it before Spark starts), writes the run's
 * config.yaml and manifest.json, runs the {@link CurationPipeline}, logs one metrics line per stage and writes
 * summary.json and report.html.
 */
public final class CurateJob {
    private final CurateConfig config;
    private final List<CurationPipeline.Step> steps;

    private CurateJob(CurateConfig config, List<CurationPipeline.Step> steps) {
        this.config = config;
        this.steps = steps;
    }

    /** Binds and validates every stage; throws ConfigException naming the field on a bad one. */
    public static CurateJob plan(CurateConfig config) {
        return new CurateJob(config, Stages.plan(config));
    }

    public List<CurationPipeline.Step> steps() { return steps; }

    /** "read-text -> dedup (exact) -> filter -> dedup (near)". */
    public String describe() {
        return steps.stream().map(s -> s.name().equals(s.stage().type()) ? s.name() : s.name() + " (" + s.stage().type() + ")")
                .collect(Collectors.joining(" -> "));
    }

    /** The resolved configuration: every stage's settings with defaults filled in. */
    public String resolvedYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", config.run());
        m.put("spark", config.spark());
        m.put("input", config.input());
        List<Object> stages = new ArrayList<>();
        for (CurationPipeline.Step s : steps) {
            if (s.index() == 0 && s.stage() instanceof ReadTextStage) continue;
            stages.add(Stages.asConfig(s));
        }
        m.put("stages", stages);
        return ConfigLoader.toYaml(m);
    }

    public CurationPipeline.Result run(SparkSession spark, RunDirectory run, boolean resuming, Consumer<String> progress) {
        String yaml = resolvedYaml();
        if (resuming) {
            run.noteConfigChanges(yaml, progress);
        } else {
            run.writeRunFiles("curate", yaml, config.run().seed(), JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    Map.of("input", config.input()));
        }
        Supplier<LabeledImages> images = memoised(() -> loadImages(spark, config.input().images(),
                config.run().seed(), progress));
        // A user's network file that cannot be read or parsed fails before any stage runs.
        for (CurationPipeline.Step s : steps) if (s.stage() instanceof ScoreStage score) score.resolvedModel(progress);
        CurationPipeline pipeline = new CurationPipeline(steps, Stages.inputFingerprint(config));
        List<Map<String, Object>> lines = new ArrayList<>();
        CurationPipeline.Result result = pipeline.run(new StageContext(spark, images, config.input().images(), progress), run.root().toString(),
                r -> {
                    lines.add(CurationPipeline.metricsLine(r));
                    run.writeText("metrics.jsonl", jsonLines(lines));
                });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("stages", lines);
        summary.put("seconds", result.seconds());
        summary.put("final_docs", result.end().docs());
        summary.put("final_scores", result.end().scores());
        run.writeJson("summary.json", summary);
        run.writeText("report.html", CurationReport.html(run.root().getName(), result, yaml));
        progress.accept("report: " + run.file("report.html"));
        return result;
    }

    static LabeledImages loadImages(SparkSession spark, ImagesInput in, long seed, Consumer<String> progress) {
        if (in == null) throw new IllegalStateException("no input.images configured");
        if (in.isTable()) return TableScoringSet.load(spark, in.tableSpec(seed), progress);
        LabeledImages train = FashionMnist.load(in.dir(), Split.TRAIN);
        if (in.limit() != null && in.limit() < train.size()) {
            train = train.subset(IntStream.range(0, in.limit()).toArray());
        }
        progress.accept("images: " + train.size() + " training examples from " + in.dir());
        return train;
    }

    private static <T> Supplier<T> memoised(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    private static String jsonLines(List<Map<String, Object>> lines) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> l : lines) {
            try {
                b.append(MetricsLog.JSON.writeValueAsString(l)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }
}
