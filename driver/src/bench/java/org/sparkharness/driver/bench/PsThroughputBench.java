package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.worker.Rows;

/**
 * {@code scripts/bench ps-throughput}: the parameter server (b = 0) against DL4J on the same MLP and data.
 * <ul>
 *   <li>{@code single}: DL4J {@code fit()} in one JVM at the PS's global batch (run with OMP threads = cores);</li>
 *   <li>{@code harness}: PS examples/s, PS seconds to 85 % test accuracy, and the same for DL4J's
 *       ParameterAveragingTrainingMaster on the same local[W] Spark;</li>
 *   <li>{@code report}: ratios, a table and target/bench/ps-throughput.json.</li>
 * </ul>
 * Evaluation time is excluded from every "seconds to 85 %" figure.
 */
public final class PsThroughputBench {
    static final int WORKERS = 4, BATCH = 64, THROUGHPUT_ROUNDS = 400, WARMUP_ROUNDS = 30;
    /** A second per-worker batch, to show how the ratio grows with compute per round. */
    static final int LARGE_BATCH = 1024, LARGE_ROUNDS = 50;
    /** One worker per core of the 2-core reference machine, one thread each: the setting the engine goal is set in. */
    static final int CORES_WORKERS = 2, CORES_BATCH = 128;
    static final double TARGET = 0.85, LR = 1e-3;
    /** Budget for the baseline: it is stopped after this many epochs if it has not reached the target. */
    static final int PARAMAVG_EPOCHS = 5;
    static final long SEED = 42;
    static final MlpSpec MODEL = new MlpSpec(List.of(256, 128), "relu");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: PsThroughputBench single|harness|report OUT_DIR [DATA_DIR]");
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        String dataDir = args.length > 2 ? args[2] : FashionMnist.DEFAULT_DIR;
        switch (args[0]) {
            case "single" -> write(out.resolve("ps-throughput-single.json"), single(dataDir));
            case "harness" -> write(out.resolve("ps-throughput-harness.json"), harness(dataDir));
            case "report" -> report(out);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The MLP as DL4J trains it natively: the harness's configuration with DL4J's Adam updater. */
    static MultiLayerConfiguration dl4jAdamConfig() {
        MultiLayerConfiguration conf = MODEL.configuration(InputShape.fashionMnist(), SEED);
        for (var layerConf : conf.getConfs()) ((BaseLayer) layerConf.getLayer()).setIUpdater(new Adam(LR));
        return conf;
    }

    static Map<String, Object> single(String dataDir) {
        LabeledImages train = FashionMnist.load(dataDir, Split.TRAIN);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("single_jvm_examples_per_s", fitExamplesPerSecond(train, WORKERS * BATCH, THROUGHPUT_ROUNDS));
        r.put("single_jvm_examples_per_s_batch" + LARGE_BATCH, fitExamplesPerSecond(train, WORKERS * LARGE_BATCH, LARGE_ROUNDS));
        r.put("single_jvm_examples_per_s_batch" + CORES_WORKERS * CORES_BATCH,
                fitExamplesPerSecond(train, CORES_WORKERS * CORES_BATCH, THROUGHPUT_ROUNDS));
        r.put("single_jvm_omp_threads", System.getenv("OMP_NUM_THREADS"));
        return r;
    }

    /** DL4J fit() throughput at one global batch size, after a short warm-up. */
    static double fitExamplesPerSecond(LabeledImages train, int global, int steps) {
        MultiLayerNetwork net = new MultiLayerNetwork(dl4jAdamConfig());
        net.init();
        List<DataSet> batches = consecutiveBatches(train, global);
        for (int i = 0; i < Math.min(WARMUP_ROUNDS, steps); i++) net.fit(batches.get(i % batches.size()));
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) net.fit(batches.get(i % batches.size()));
        double perSecond = steps * (double) global / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("single JVM fit(), batch %d: %.0f examples/s%n", global, perSecond);
        return perSecond;
    }

    /** The data as DataSets of exactly {@code size} consecutive examples (a remainder is dropped). */
    static List<DataSet> consecutiveBatches(LabeledImages data, int size) {
        INDArray labels = data.oneHotLabels();
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from + size <= data.size(); from += size) {
            int[] rows = java.util.stream.IntStream.range(from, from + size).toArray();
            batches.add(new DataSet(Rows.gather(data.features(), rows), Rows.gather(labels, rows)));
        }
        return batches;
    }

    static Map<String, Object> harness(String dataDir) {
        Map<String, Object> r = new LinkedHashMap<>();
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-ps-throughput",
                "local[" + WORKERS + "]", Map.of("spark.ui.enabled", "false")))) {
            jsc.setLogLevel("ERROR");
            emptyJobLatency(jsc, r);
            TrainingTable.Prepared data = new TrainJob(config(dataDir, BATCH, 1, 1, null), line -> {}).prepare(jsc);
            // Warm-up run first (JIT, network pools, cached blocks), then the measured run.
            new TrainJob(config(dataDir, BATCH, WARMUP_ROUNDS, 100000, null), l -> {}).run(jsc, data, null, false);
            TrainingSummary s = new TrainJob(config(dataDir, BATCH, THROUGHPUT_ROUNDS, 100000, null), l -> {})
                    .run(jsc, data, null, false);
            r.put("ps_examples_per_s", s.examplesPerSecond());
            r.put("ps_round_ms", 1000 * s.trainSeconds() / s.rounds());
            System.out.printf("harness PS: %.0f examples/s (%.1f ms per round)%n", s.examplesPerSecond(),
                    1000 * s.trainSeconds() / s.rounds());
            for (String engine : List.of("persistent", "jobs")) {
                throughput(jsc, data, dataDir, WORKERS, BATCH, engine, "", r);
            }
            TrainingTable.Prepared perCore = new TrainJob(config(dataDir, CORES_BATCH, 1, 1, null, CORES_WORKERS, "jobs"),
                    line -> {}).prepare(jsc);
            for (String engine : List.of("persistent", "jobs")) {
                throughput(jsc, perCore, dataDir, CORES_WORKERS, CORES_BATCH, engine, "_" + CORES_WORKERS + "x"
                        + CORES_BATCH, r);
            }
            perCore.unpersist();

            TrainingSummary large = new TrainJob(config(dataDir, LARGE_BATCH, LARGE_ROUNDS, 100000, null), l -> {})
                    .run(jsc, data, null, false);
            r.put("ps_examples_per_s_batch" + LARGE_BATCH, large.examplesPerSecond());
            System.out.printf("harness PS, batch %d per worker: %.0f examples/s%n", LARGE_BATCH, large.examplesPerSecond());

            TrainingSummary t = new TrainJob(config(dataDir, BATCH, 5000, 25, TARGET), System.out::println)
                    .run(jsc, data, null, false);
            r.put("seconds_to_85", t.secondsToTarget());
            r.put("harness_rounds_to_85", t.rounds());
            System.out.printf("harness PS: %.1f s to %.0f%% (%d rounds)%n", t.secondsToTarget(), 100 * TARGET, t.rounds());

            data.unpersist();
            paramAveraging(jsc, FashionMnist.loadAll(dataDir), TARGET, r);
        }
        return r;
    }

    /** Spark's own cost of one job over W partitions doing nothing: the floor under every PS round. */
    static void emptyJobLatency(JavaSparkContext jsc, Map<String, Object> r) {
        JavaRDD<Integer> rdd = jsc.parallelize(List.of(0, 1, 2, 3), WORKERS).cache();
        rdd.count();
        double[] ms = new double[200];
        for (int i = 0; i < ms.length + 20; i++) {
            long t0 = System.nanoTime();
            rdd.foreachPartition(it -> {});
            if (i >= 20) ms[i - 20] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        r.put("spark_empty_job_ms_p50", ms[ms.length / 2]);
        r.put("spark_empty_job_ms_p99", ms[(int) (ms.length * 0.99)]);
        rdd.unpersist(false);
        System.out.printf("empty Spark job over %d partitions: p50 %.1f ms, p99 %.1f ms%n", WORKERS,
                ms[ms.length / 2], ms[(int) (ms.length * 0.99)]);
    }

    /** Examples/s of one engine (after a warm-up run), as {@code ps_<engine>_examples_per_s<suffix>}. */
    private static void throughput(JavaSparkContext jsc, TrainingTable.Prepared data, String dataDir, int workers,
                                   int batch, String engine, String suffix, Map<String, Object> r) {
        new TrainJob(config(dataDir, batch, WARMUP_ROUNDS, 100000, null, workers, engine), l -> {})
                .run(jsc, data, null, false);
        TrainingSummary s = new TrainJob(config(dataDir, batch, THROUGHPUT_ROUNDS, 100000, null, workers, engine),
                l -> {}).run(jsc, data, null, false);
        r.put("ps_" + engine + "_examples_per_s" + suffix, s.examplesPerSecond());
        r.put("ps_" + engine + "_round_ms" + suffix, 1000 * s.trainSeconds() / s.rounds());
        System.out.printf("%s engine, %d workers x batch %d: %.0f examples/s (%.1f ms per round)%n", engine, workers,
                batch, s.examplesPerSecond(), 1000 * s.trainSeconds() / s.rounds());
    }

    private static HarnessConfig config(String dataDir, int batch, int rounds, int evalEvery, Double stop) {
        return config(dataDir, batch, rounds, evalEvery, stop, WORKERS, "jobs");
    }

    private static HarnessConfig config(String dataDir, int batch, int rounds, int evalEvery, Double stop,
                                        int workers, String engine) {
        return ConfigLoader.parse("""
                run: { seed: %d }
                data: { dir: %s, batchSize: %d }
                model: { type: mlp, hidden: [256, 128] }
                optimizer: { type: adamw, lr: %s, weightDecay: 0.0 }
                ps: { workers: %d, rounds: %d, evalEvery: %d, logEvery: 100000, engine: %s %s}
                """.formatted(SEED, dataDir, batch, LR, workers, rounds, evalEvery, engine,
                stop == null ? "" : ", stopAtAccuracy: " + stop), List.of());
    }

    /**
     * DL4J's ParameterAveragingTrainingMaster (defaults: averaging every 5 minibatches) on the same Spark, fitted a
     * tenth of an epoch at a time and evaluated on the driver in between (evaluation time excluded).
     */
    static void paramAveraging(JavaSparkContext jsc, FashionMnist.Loaded data, double target, Map<String, Object> r) {
        List<DataSet> sets = consecutiveBatches(data.train(), BATCH);
        java.util.Collections.shuffle(sets, new java.util.Random(SEED));
        int chunks = 10;
        List<JavaRDD<DataSet>> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            List<DataSet> slice = sets.subList(sets.size() * c / chunks, sets.size() * (c + 1) / chunks);
            parts.add(jsc.parallelize(new ArrayList<>(slice), WORKERS)); // the training master persists it
        }
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(5).workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct).build();
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(jsc, dl4jAdamConfig(), tm);
        DataSet test = new DataSet(data.test().features(), data.test().oneHotLabels());
        double trainSeconds = 0, best = 0;
        Double secondsToTarget = null;
        int step = 0;
        for (; step < PARAMAVG_EPOCHS * chunks && secondsToTarget == null; step++) {
            long t0 = System.nanoTime();
            spark.fit(parts.get(step % chunks));
            trainSeconds += (System.nanoTime() - t0) / 1e9;
            Evaluation eval = new Evaluation(10);
            eval.eval(test.getLabels(), spark.getNetwork().output(test.getFeatures(), false));
            System.out.printf("dl4j paramavg: %.1f epochs, %.1f s, test accuracy %.2f%%%n",
                    (step + 1) / (double) chunks, trainSeconds, 100 * eval.accuracy());
            best = Math.max(best, eval.accuracy());
            if (eval.accuracy() >= target) secondsToTarget = trainSeconds;
        }
        parts.forEach(p -> p.unpersist(false));
        r.put("dl4j_paramavg_seconds_to_85", secondsToTarget);
        r.put("dl4j_paramavg_train_seconds", trainSeconds);
        r.put("dl4j_paramavg_epochs", step / (double) chunks);
        r.put("dl4j_paramavg_best_accuracy", best);
    }

    static void report(Path out) throws IOException {
        JsonNode single = JSON.readTree(out.resolve("ps-throughput-single.json").toFile());
        JsonNode harness = JSON.readTree(out.resolve("ps-throughput-harness.json").toFile());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "ps-throughput");
        r.put("model", "mlp 784-256-128-10, " + WORKERS + " workers x batch " + BATCH + ", AdamW/Adam lr " + LR);
        r.put("cores", Runtime.getRuntime().availableProcessors());
        single.fields().forEachRemaining(e -> r.put(e.getKey(), value(e.getValue())));
        harness.fields().forEachRemaining(e -> r.put(e.getKey(), value(e.getValue())));
        Path roundsFile = out.resolve("ps-throughput-rounds.json");
        JsonNode rounds = Files.exists(roundsFile) ? JSON.readTree(roundsFile.toFile()) : null;
        if (rounds != null) rounds.fields().forEachRemaining(e -> r.put(e.getKey(), value(e.getValue())));
        Path largeFile = out.resolve("ps-throughput-8m.json");
        JsonNode large8m = Files.exists(largeFile) ? JSON.readTree(largeFile.toFile()) : null;
        if (large8m != null) {
            large8m.fields().forEachRemaining(e -> r.put(e.getKey(), value(e.getValue())));
            if (large8m.has("ps_persistent_examples_per_s_8m") && large8m.has("single_jvm_examples_per_s_8m")) {
                r.put("ps_over_single_8m", large8m.get("ps_persistent_examples_per_s_8m").asDouble()
                        / large8m.get("single_jvm_examples_per_s_8m").asDouble());
            }
        }
        double ps = harness.get("ps_examples_per_s").asDouble(), one = single.get("single_jvm_examples_per_s").asDouble();
        double s85 = harness.get("seconds_to_85").asDouble();
        // If the baseline never reached the target, its whole training time bounds the ratio from above.
        boolean reached = !harness.get("dl4j_paramavg_seconds_to_85").isNull();
        double p85 = reached ? harness.get("dl4j_paramavg_seconds_to_85").asDouble()
                : harness.get("dl4j_paramavg_train_seconds").asDouble();
        String large = "_batch" + LARGE_BATCH;
        double largeRatio = harness.get("ps_examples_per_s" + large).asDouble()
                / single.get("single_jvm_examples_per_s" + large).asDouble();
        r.put("ps_over_single" + large, largeRatio);
        r.put("harness_over_paramavg", s85 / p85);
        String cores = "_" + CORES_WORKERS + "x" + CORES_BATCH;
        double oneCores = single.get("single_jvm_examples_per_s_batch" + CORES_WORKERS * CORES_BATCH).asDouble();
        double persistentCores = harness.get("ps_persistent_examples_per_s" + cores).asDouble() / oneCores;
        double jobsCores = harness.get("ps_jobs_examples_per_s" + cores).asDouble() / oneCores;
        double persistent4 = harness.get("ps_persistent_examples_per_s").asDouble() / one;
        double jobs4 = harness.get("ps_jobs_examples_per_s").asDouble() / one;
        // The engine goal's figure: the persistent engine, one worker per core, against fit() at the same global batch.
        r.put("ps_over_single", persistentCores);
        r.put("ps_over_single_jobs_engine", jobsCores);
        r.put("ps_over_single_4_on_2", persistent4);
        r.put("ps_over_single_4_on_2_jobs_engine", jobs4);
        r.put("harness_over_paramavg_is_upper_bound", !reached);
        write(out.resolve("ps-throughput.json"), r);
        System.out.println();
        System.out.printf("| %-32s | %12s | %s%n", "metric", "value", "goal");
        System.out.printf("|%s|%s|%s%n", "-".repeat(34), "-".repeat(14), "------");
        row("ps_examples_per_s", ps, "");
        row("single_jvm_examples_per_s", one, "");
        row("ps_over_single (persistent, 2x128)", persistentCores, ">= 0.85");
        row("ps_over_single (jobs, 2x128)", jobsCores, "");
        row("ps_over_single_4_on_2 (persistent)", persistent4, "");
        row("ps_over_single_4_on_2 (jobs)", jobs4, "");
        row("ps_over_single at batch " + LARGE_BATCH + "/worker", largeRatio, "");
        row("ps_round_ms", harness.get("ps_round_ms").asDouble(), "");
        if (r.containsKey("ps_over_single_8m")) row("ps_over_single_8m (persistent, 2x64)", (double) r.get("ps_over_single_8m"), ">= 0.8");
        if (large8m != null && large8m.has("peak_rss_gb_8m_n16")) {
            row("peak_rss_gb_8m_n16", large8m.get("peak_rss_gb_8m_n16").asDouble(), "<= 4");
        }
        if (rounds != null) {
            row("empty_round_p50_ms_n4 (persistent)", rounds.get("empty_round_p50_ms_n4").asDouble(), "<= 2");
            row("empty_round_p99_ms_n4 (persistent)", rounds.get("empty_round_p99_ms_n4").asDouble(), "");
            row("empty_round_p50_ms_n16 (persistent)", rounds.get("empty_round_p50_ms_n16").asDouble(), "");
            row("jobs_empty_round_p50_ms_n4", rounds.get("jobs_empty_round_p50_ms_n4").asDouble(), "");
            row("scaling_efficiency_2 (persistent)", rounds.get("scaling_efficiency_2").asDouble(), ">= 0.85");
        }
        row("spark_empty_job_ms_p50", harness.get("spark_empty_job_ms_p50").asDouble(), "");
        row("seconds_to_85", s85, "");
        row(reached ? "dl4j_paramavg_seconds_to_85" : "dl4j_paramavg_s (85% not reached)", p85, "");
        row(reached ? "harness_over_paramavg" : "harness_over_paramavg (< bound)", s85 / p85, "<= 0.7");
        System.out.println("\nwritten: " + out.resolve("ps-throughput.json"));
    }

    private static Object value(JsonNode n) {
        if (n.isBoolean()) return n.booleanValue();
        return n.isNumber() ? n.doubleValue() : n.isNull() ? null : n.asText();
    }

    private static void row(String name, double v, String goal) {
        System.out.printf("| %-32s | %12.3f | %s%n", name, v, goal);
    }

    private static void write(Path file, Map<String, Object> r) throws IOException {
        JSON.writeValue(file.toFile(), r);
    }
}
