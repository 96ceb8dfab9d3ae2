package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ZooSpec;

/**
 * {@code scripts/bench zoo-image}: a zoo CNN ({@code ZOO_MODEL}, default simplecnn) on the Fashion-MNIST image folder
 * ({@code scripts/make-image-folder}), the parameter server (persistent engine, b = 0, {@value #WORKERS} workers ×
 * {@value #BATCH}) against DL4J's own {@code fit()} in one JVM at the same global batch with Adam.
 * <ul>
 *   <li>{@code single}: fit() examples/s after a warm-up (run with OMP threads = cores);</li>
 *   <li>{@code harness}: the parameter server's examples/s on the folder read through {@code data.format: image};</li>
 *   <li>{@code report}: the ratio, a table and target/bench/zoo-image.json.</li>
 * </ul>
 * Throughput depends on the shapes, not on the pixel values: the baseline trains on random images of the
 * same shape, so it needs no image decoding.
 */
public final class ZooImageBench {
    static final int WORKERS = 2, BATCH = 32, ROUNDS = 60, WARMUP = 10;
    static final InputShape INPUT = new InputShape(28, 28, 1, 10);
    static final long SEED = 42;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ZooImageBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: ZooImageBench single|harness|report OUT_DIR [IMAGE_ROOT]");
        Path out = Files.createDirectories(Path.of(args[1]));
        String model = System.getenv().getOrDefault("ZOO_MODEL", "simplecnn");
        switch (args[0]) {
            case "single" -> write(out.resolve("zoo-image-single.json"), single(model));
            case "harness" -> write(out.resolve("zoo-image-harness.json"), harness(model, args[2]));
            case "report" -> report(out, model);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static Map<String, Object> single(String model) {
        Model native_ = new ZooSpec(model, false).network(INPUT, SEED).withDl4jTraining(new Adam(1e-3), List.of())
                .model();
        int global = WORKERS * BATCH;
        List<DataSet> batches = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(SEED);
        for (int b = 0; b < 8; b++) {
            float[] x = new float[global * INPUT.flatSize()];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
            INDArray y = Nd4j.zeros(DataType.FLOAT, global, 10);
            for (int i = 0; i < global; i++) y.putScalar(i, r.nextInt(10), 1f);
            batches.add(new DataSet(Nd4j.create(x, new long[] {global, 1, 28, 28}, 'c'), y));
        }
        for (int i = 0; i < WARMUP; i++) fit(native_, batches.get(i % batches.size()));
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) fit(native_, batches.get(i % batches.size()));
        double perSecond = ROUNDS * (double) global / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "single JVM fit() of zoo %s, batch %d: %.0f examples/s%n", model, global, perSecond);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("single_jvm_examples_per_s", perSecond);
        m.put("single_jvm_omp_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("parameters", native_.numParams());
        return m;
    }

    private static void fit(Model net, DataSet batch) {
        if (net instanceof ComputationGraph g) g.fit(batch);
        else ((MultiLayerNetwork) net).fit(batch);
    }

    static Map<String, Object> harness(String model, String imageRoot) {
        Map<String, Object> m = new LinkedHashMap<>();
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-zoo-image", "local[" + WORKERS + "]",
                Map.of("spark.ui.enabled", "false")))) {
            jsc.setLogLevel("ERROR");
            TrainingTable.Prepared data = new TrainJob(config(model, imageRoot, 1), l -> {}).prepare(jsc);
            new TrainJob(config(model, imageRoot, WARMUP), l -> {}).run(jsc, data, null, false);
            TrainingSummary s = new TrainJob(config(model, imageRoot, ROUNDS), l -> {}).run(jsc, data, null, false);
            data.unpersist();
            m.put("ps_examples_per_s", s.examplesPerSecond());
            m.put("ps_round_ms", 1000 * s.trainSeconds() / s.rounds());
            System.out.printf(Locale.ROOT, "parameter server, zoo %s, %d workers x %d: %.0f examples/s (%.0f ms per round)%n",
                    model, WORKERS, BATCH, s.examplesPerSecond(), 1000 * s.trainSeconds() / s.rounds());
        }
        return m;
    }

    private static HarnessConfig config(String model, String imageRoot, int rounds) {
        return ConfigLoader.parse("""
                run: { seed: %d }
                data: { source: table, format: image, train: %s/train, test: %s/test, imageSize: [28, 28, 1],
                        onBadRows: skip, batchSize: %d }
                model: { type: zoo, name: %s }
                optimizer: { type: adamw, lr: 1.0e-3, weightDecay: 0.0 }
                ps: { workers: %d, rounds: %d, evalEvery: 100000, logEvery: 100000 }
                """.formatted(SEED, imageRoot, imageRoot, BATCH, model, WORKERS, rounds), List.of());
    }

    @SuppressWarnings("unchecked")
    static void report(Path out, String model) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model);
        r.put("workers", WORKERS);
        r.put("batch_per_worker", BATCH);
        r.putAll(JSON.readValue(out.resolve("zoo-image-single.json").toFile(), Map.class));
        r.putAll(JSON.readValue(out.resolve("zoo-image-harness.json").toFile(), Map.class));
        double ratio = ((Number) r.get("ps_examples_per_s")).doubleValue()
                / ((Number) r.get("single_jvm_examples_per_s")).doubleValue();
        r.put("ps_over_single", ratio);
        System.out.printf(Locale.ROOT, "%n| zoo %s, global batch %d | examples/s |%n|---|---|%n", model, WORKERS * BATCH);
        System.out.printf(Locale.ROOT, "| one JVM, fit() (Adam, OMP threads = cores) | %.0f |%n", r.get("single_jvm_examples_per_s"));
        System.out.printf(Locale.ROOT, "| parameter server, %d workers x %d, image folder | %.0f |%n", WORKERS, BATCH,
                r.get("ps_examples_per_s"));
        System.out.printf(Locale.ROOT, "| ratio | %.2f |%n", ratio);
        write(out.resolve("zoo-image.json"), r);
    }

    private static void write(Path file, Map<String, Object> m) throws Exception {
        JSON.writeValue(file.toFile(), m);
        System.out.println("wrote " + file);
    }
}
