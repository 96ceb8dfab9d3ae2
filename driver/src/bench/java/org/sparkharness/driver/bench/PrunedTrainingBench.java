package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.curate.CurateConfig;
import org.sparkharness.driver.curate.CurateJob;
import org.sparkharness.driver.curate.CurationPipeline;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * {@code scripts/bench pruned-training}: curation feeding training. Runs {@code examples/curate-prune-50.yaml}
 * (EL2N scores, hardest 50 % and random 50 %), then trains {@code examples/train-kept-fashion.yaml} on the full data
 * and on each kept subset ({@code data.keep}) for the same number of rounds, and reports the test accuracies.
 * Usage: {@code PrunedTrainingBench OUT_DIR DATA_DIR ROUNDS}.
 */
public final class PrunedTrainingBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PrunedTrainingBench() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String data = args[1];
        int rounds = Integer.parseInt(args[2]);
        String root = System.getProperty("harness.root", ".");
        String runs = out.resolve("pruned-training-runs").toString();
        CurateConfig curate = ConfigLoader.load(Path.of(root, "examples/curate-prune-50.yaml"),
                List.of("input.images.dir=" + data, "run.output=" + runs), CurateConfig.class);
        Map<String, Object> r = new LinkedHashMap<>();
        try (SparkSession spark = SparkSession.builder().config(SparkSetup.conf("bench-pruned-training", "local[2]",
                Map.of("spark.ui.enabled", "false"))).getOrCreate()) {
            spark.sparkContext().setLogLevel("WARN");
            CurateJob job = CurateJob.plan(curate);
            CurationPipeline.Result curated = job.run(spark, RunDirectory.create(runs, curate.run().name()), false,
                    System.out::println);
            r.put("curate_seconds", curated.seconds());
            Map<String, String> subsets = new LinkedHashMap<>();
            subsets.put("full", null);
            for (CurationPipeline.StageRun s : curated.stages()) {
                if (s.type().equals("prune")) subsets.put(s.name(), s.dir());
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Map<String, Object>> results = new ArrayList<>();
            for (Map.Entry<String, String> e : subsets.entrySet()) {
                List<String> overrides = new ArrayList<>(List.of("data.dir=" + data, "run.output=" + runs,
                        "run.name=train-" + e.getKey(), "ps.rounds=" + rounds, "ps.evalEvery=" + rounds));
                if (e.getValue() != null) overrides.add("data.keep=" + e.getValue());
                HarnessConfig c = ConfigLoader.load(Path.of(root, "examples/train-kept-fashion.yaml"), overrides);
                long t0 = System.nanoTime();
                TrainingSummary s = new TrainJob(c, line -> {
                    if (!line.startsWith("round ")) System.out.println(e.getKey() + ": " + line);
                }).run(jsc, RunDirectory.create(runs, "train-" + e.getKey()), false);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("subset", e.getKey());
                m.put("keep", e.getValue());
                m.put("rounds", s.rounds());
                m.put("test_accuracy", s.lastEval().accuracy());
                m.put("seconds", (System.nanoTime() - t0) / 1e9);
                results.add(m);
                System.out.printf("%s: test accuracy %.2f%% after %d rounds%n", e.getKey(), 100 * s.lastEval().accuracy(), s.rounds());
            }
            r.put("runs", results);
            double full = (double) results.get(0).get("test_accuracy");
            for (Map<String, Object> m : results) {
                r.put(m.get("subset") + "_minus_full_pp", 100 * ((double) m.get("test_accuracy") - full));
            }
        }
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("pruned-training.json").toFile(), r);
        System.out.println();
        System.out.printf("%-12s %10s%n", "subset", "test acc");
        for (Object o : (List<?>) r.get("runs")) {
            Map<?, ?> m = (Map<?, ?>) o;
            System.out.printf("%-12s %9.2f%%%n", m.get("subset"), 100 * (double) m.get("test_accuracy"));
        }
    }
}
