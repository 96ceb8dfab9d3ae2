package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.table.TableShards;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.PersistentRoundExecutor;
import org.sparkharness.driver.spark.SparkRoundExecutor;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LogisticRegressionSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * {@code scripts/bench ps-throughput}, round-engine part: the latency of an empty round (a one-example logistic step
 * on two features, so the figure is the engine's own cost) at n = 4 and n = 16 for both engines, and the persistent
 * engine's scaling from one worker to two on the Fashion-MNIST MLP (one worker per core, batch 128 each). Writes
 * {@code ps-throughput-rounds.json}, which the report merges into {@code ps-throughput.json}.
 */
public final class RoundLatencyBench {
    static final int WARMUP = 50, ROUNDS = 500, SCALING_ROUNDS = 300, SCALING_BATCH = 128;
    static final InputShape TINY = new InputShape(1, 2, 1, 2);
    static final LogisticRegressionSpec LOGISTIC = new LogisticRegressionSpec();

    private RoundLatencyBench() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String dataDir = args.length > 1 ? args[1] : "data/fashion-mnist";
        Files.createDirectories(out);
        Map<String, Object> r = new LinkedHashMap<>();
        for (int n : new int[] {4, 16}) {
            try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-round-latency", "local[" + n + "]",
                    Map.of("spark.ui.enabled", "false")))) {
                jsc.setLogLevel("ERROR");
                JavaRDD<WorkerShard> train = tinyShards(jsc, n, 0);
                JavaRDD<WorkerShard> test = tinyShards(jsc, n, 1_000_000);
                GradientTask task = new GradientTask(LOGISTIC, TINY, 1, 1, new NoStragglers());
                try (PersistentRoundExecutor persistent = new PersistentRoundExecutor(jsc, train, test, task,
                        new EvalTask(LOGISTIC, TINY, 8), 0, Duration.ofMinutes(2), Duration.ofMinutes(5),
                        Duration.ofMinutes(1), 3, Duration.ofMinutes(2))) {
                    latency(persistent, "empty_round", n, r);
                }
                latency(new SparkRoundExecutor(jsc, train, task), "jobs_empty_round", n, r);
            }
        }
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-scaling", "local[2]",
                Map.of("spark.ui.enabled", "false")))) {
            jsc.setLogLevel("ERROR");
            double one = throughput(jsc, dataDir, 1), two = throughput(jsc, dataDir, 2);
            r.put("persistent_examples_per_s_1x" + SCALING_BATCH, one);
            r.put("persistent_examples_per_s_2x" + SCALING_BATCH, two);
            r.put("scaling_efficiency_2", two / (2 * one));
            System.out.printf("scaling: 1 worker %.0f ex/s, 2 workers %.0f ex/s, efficiency %.3f%n", one, two,
                    two / (2 * one));
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("ps-throughput-rounds.json").toFile(), r);
    }

    /** n shards of 64 two-feature rows. */
    static JavaRDD<WorkerShard> tinyShards(JavaSparkContext jsc, int n, long firstId) {
        List<WorkerShard> shards = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            long[] ids = new long[64];
            float[][] x = new float[64][2];
            int[] y = new int[64];
            for (int i = 0; i < 64; i++) {
                ids[i] = firstId + w * 64L + i;
                x[i][0] = i % 2;
                x[i][1] = 1;
                y[i] = i % 2;
            }
            shards.add(TableShards.shard(w, ids, x, y, 2, 2));
        }
        return jsc.parallelize(shards, n).cache();
    }

    /** p50 and p99 of {@code executor.run} (publish to the n-th result) over {@link #ROUNDS} rounds, b = 0. */
    static void latency(RoundExecutor executor, String key, int n, Map<String, Object> r) {
        INDArray params = new NetworkAdapter(LOGISTIC.network(TINY, 1)).flatParams();
        double[] ms = new double[ROUNDS];
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            long t0 = System.nanoTime();
            executor.run(round, RoundInput.of(round, params), n, Duration.ofMinutes(1), new GradientSum(params.length()));
            if (round >= WARMUP) ms[round - WARMUP] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double p50 = ms[ms.length / 2], p99 = ms[(int) (ms.length * 0.99)];
        r.put(key + "_p50_ms_n" + n, p50);
        r.put(key + "_p99_ms_n" + n, p99);
        System.out.printf("%s, n = %d: p50 %.2f ms, p99 %.2f ms%n", key, n, p50, p99);
    }

    /** Examples/s of the persistent engine with {@code workers} workers × batch 128 on the Fashion-MNIST MLP. */
    static double throughput(JavaSparkContext jsc, String dataDir, int workers) {
        String yaml = """
                run: { seed: 42 }
                data: { dir: %s, batchSize: %d }
                model: { type: mlp, hidden: [256, 128] }
                optimizer: { type: adamw, lr: 1.0e-3, weightDecay: 0.0 }
                ps: { workers: %d, rounds: %d, evalEvery: 100000, logEvery: 100000 }
                """;
        TrainJob warm = new TrainJob(ConfigLoader.parse(yaml.formatted(dataDir, SCALING_BATCH, workers, WARMUP),
                List.of()), l -> {});
        TrainingTable.Prepared data = warm.prepare(jsc);
        try {
            warm.run(jsc, data, null, false);
            TrainingSummary s = new TrainJob(ConfigLoader.parse(yaml.formatted(dataDir, SCALING_BATCH, workers,
                    SCALING_ROUNDS), List.of()), l -> {}).run(jsc, data, null, false);
            return s.examplesPerSecond();
        } finally {
            data.unpersist();
        }
    }
}
