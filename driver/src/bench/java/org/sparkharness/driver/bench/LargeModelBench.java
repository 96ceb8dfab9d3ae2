package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;

/**
 * {@code scripts/bench ps-throughput}, large-model part: the ~8 M-parameter MLP 784-2048-2048-1024-10.
 * <ul>
 *   <li>{@code single}: DL4J {@code fit()} at batch 128 in one JVM (run with OpenMP threads = cores);</li>
 *   <li>{@code harness}: the persistent engine with one worker per core (2 × 64, the same global batch);</li>
 *   <li>{@code rss}: a fresh JVM training with 16 workers in {@code local[16]}, reporting its peak resident memory.</li>
 * </ul>
 * Each mode adds its keys to {@code ps-throughput-8m.json}, which the report merges.
 */
public final class LargeModelBench {
    static final MlpSpec MODEL = new MlpSpec(List.of(2048, 2048, 1024), "relu");
    static final String YAML = """
            run: { seed: 42 }
            data: { dir: %s, batchSize: %d }
            model: { type: mlp, hidden: [2048, 2048, 1024] }
            optimizer: { type: adamw, lr: 1.0e-3, weightDecay: 0.0 }
            ps: { workers: %d, rounds: %d, evalEvery: 100000, logEvery: 100000 }
            """;
    static final int WARMUP = 5, ROUNDS = 40, GLOBAL_BATCH = 128;

    private LargeModelBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path out = Path.of(args[1]);
        String dataDir = args.length > 2 ? args[2] : FashionMnist.DEFAULT_DIR;
        Files.createDirectories(out);
        Path file = out.resolve("ps-throughput-8m.json");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode r = Files.exists(file) && !mode.equals("single") ? (ObjectNode) json.readTree(file.toFile())
                : json.createObjectNode();
        switch (mode) {
            case "single" -> r.put("single_jvm_examples_per_s_8m", fit(dataDir));
            case "harness" -> {
                try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-8m", "local[2]",
                        Map.of("spark.ui.enabled", "false")))) {
                    jsc.setLogLevel("ERROR");
                    long params = MODEL.build(InputShape.fashionMnist(), 42).numParams();
                    double perSecond = train(jsc, dataDir, 2, ROUNDS);
                    r.put("params_8m", params);
                    r.put("ps_persistent_examples_per_s_8m", perSecond);
                    // Per round the driver sends the parameters to and receives one gradient from each worker.
                    r.put("driver_mib_per_round_8m_n2", 2 * 2 * params * 4 / 1048576.0);
                    System.out.printf("8M MLP (%,d parameters), persistent engine, 2 x 64: %.0f examples/s%n", params,
                            perSecond);
                }
            }
            case "rss" -> {
                try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-8m-rss", "local[16]",
                        Map.of("spark.ui.enabled", "false")))) {
                    jsc.setLogLevel("ERROR");
                    train(jsc, dataDir, 16, 10);
                }
                double gb = peakRssGb();
                r.put("peak_rss_gb_8m_n16", gb);
                System.out.printf("8M MLP, 16 workers in one JVM: peak resident memory %.2f GB%n", gb);
            }
            default -> throw new IllegalArgumentException("mode single|harness|rss, not " + mode);
        }
        json.writeValue(file.toFile(), r);
    }

    /** DL4J {@code fit()} examples/s on the 8 M MLP at batch 128, after a warm-up. */
    static double fit(String dataDir) {
        LabeledImages train = FashionMnist.load(dataDir, Split.TRAIN);
        MultiLayerConfiguration conf = MODEL.configuration(InputShape.fashionMnist(), 42);
        for (var layer : conf.getConfs()) ((BaseLayer) layer.getLayer()).setIUpdater(new Adam(1e-3));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<DataSet> batches = PsThroughputBench.consecutiveBatches(train, GLOBAL_BATCH);
        for (int i = 0; i < WARMUP; i++) net.fit(batches.get(i));
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) net.fit(batches.get(WARMUP + i));
        double perSecond = ROUNDS * (double) GLOBAL_BATCH / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("8M MLP, single JVM fit(), batch %d: %.0f examples/s%n", GLOBAL_BATCH, perSecond);
        return perSecond;
    }

    /** Examples/s of the persistent engine with {@code workers} workers sharing the global batch of 128. */
    static double train(JavaSparkContext jsc, String dataDir, int workers, int rounds) {
        int batch = GLOBAL_BATCH / workers;
        TrainJob warm = new TrainJob(ConfigLoader.parse(YAML.formatted(dataDir, batch, workers, WARMUP), List.of()),
                l -> {});
        TrainingTable.Prepared data = warm.prepare(jsc);
        try {
            warm.run(jsc, data, null, false);
            TrainingSummary s = new TrainJob(ConfigLoader.parse(YAML.formatted(dataDir, batch, workers, rounds),
                    List.of()), l -> {}).run(jsc, data, null, false);
            return s.examplesPerSecond();
        } finally {
            data.unpersist();
        }
    }

    /** The process's peak resident set (VmHWM), in GB; NaN where /proc is not available. */
    static double peakRssGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1e6;
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
