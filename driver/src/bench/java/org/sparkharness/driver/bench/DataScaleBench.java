package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * {@code scripts/bench data-scale}: does the driver's memory stay flat when the table grows a thousandfold? Each
 * measured run is its own driver JVM on a {@code local-cluster} of executor JVMs, so the driver's heap holds only
 * what the driver keeps.
 * <ul>
 *   <li>{@code generate OUT ROWS FEATURES}: Spark (the executors) writes a synthetic Parquet table: {@code id},
 *       {@code label} (3 classes), {@code features} array&lt;float&gt; of deterministic values in [0, 1) plus 1 on
 *       the features j ≡ label (mod 3).</li>
 *   <li>{@code train OUT NAME MASTER ROUNDS (table PATH | fashion-mnist DIR)}: prepares and trains, sampling the
 *       driver's heap; writes OUT/NAME.json.</li>
 *   <li>{@code report OUT}: the table and {@code OUT/data-scale.json} with {@code driver_peak_heap_ratio}.</li>
 * </ul>
 */
public final class DataScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WORKERS = 2;
    private static final int BATCH = 64;

    private DataScaleBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "train" -> train(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]), args[5], args[6]);
            case "report" -> report(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: DataScaleBench generate|train|report ...");
        }
    }

    static void generate(String out, long rows, int features) {
        int partitions = (int) Math.max(2, rows / 250_000);
        try (SparkSession spark = SparkSession.builder().config(SparkSetup.conf("bench-data-scale-generate",
                "local[*]", Map.of("spark.ui.enabled", "false"))).getOrCreate()) {
            long t0 = System.nanoTime();
            spark.range(0, rows, 1, partitions).selectExpr("id", "cast(id % 3 as int) as label",
                    "transform(sequence(0, " + (features - 1) + "), j -> cast(((id * 7919 + j * 104729) % 1000) / 1000.0"
                            + " + if(j % 3 = id % 3, 1.0, 0.0) as float)) as features")
                    .write().mode("overwrite").parquet(out);
            System.out.printf("wrote %,d rows x %d features to %s in %.0f s%n", rows, features, out,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The driver's heap: the largest sampled use, and the largest live heap right after a collection. */
    static final class HeapWatch implements AutoCloseable {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        HeapWatch() {
            sampler = new Thread(() -> {
                while (running) {
                    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!"com.sun.management.gc.notification".equals(n.getType())) return;
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long live = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (isHeapPool(e.getKey())) live += e.getValue().getUsed();
                    }
                    peakAfterGc.accumulateAndGet(live, Math::max);
                }, null, null);
            }
        }

        private static boolean isHeapPool(String name) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .anyMatch(p -> p.getName().equals(name) && p.getType() == java.lang.management.MemoryType.HEAP);
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
        }
    }

    static void train(Path out, String name, String master, int rounds, String source, String path) throws Exception {
        String data = source.equals("table")
                ? "{ source: table, format: parquet, train: %s, idCol: id, validationFraction: 0.01, batchSize: %d, testLimit: 10000 }"
                        .formatted(path, BATCH)
                : "{ source: fashion-mnist, dir: %s, batchSize: %d }".formatted(path, BATCH);
        HarnessConfig config = ConfigLoader.parse("""
                run: { seed: 1 }
                data: %s
                model: { type: mlp, hidden: [64] }
                optimizer: { type: adamw, lr: 1.0e-3 }
                ps: { workers: %d, rounds: %d, evalEvery: %d, logEvery: 1 }
                """.formatted(data, WORKERS, rounds, rounds), List.of());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("source", source);
        r.put("path", path);
        r.put("master", master);
        r.put("rounds", rounds);
        r.put("driver_max_heap_bytes", Runtime.getRuntime().maxMemory());
        try (HeapWatch heap = new HeapWatch();
             JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-data-scale-" + name, master,
                     Map.of("spark.ui.enabled", "false", "spark.executor.memory", System.getProperty("bench.executorMemory", "6g"))))) {
            jsc.setLogLevel("ERROR");
            // Executors start before the clock: the figures compare data paths, not JVM start-up.
            jsc.parallelize(List.of(1, 2, 3, 4), 4).count();
            long start = System.nanoTime();
            long[] firstRound = {0};
            List<String> lines = new ArrayList<>();
            TrainJob job = new TrainJob(config, line -> {
                if (firstRound[0] == 0 && line.startsWith("round ")) firstRound[0] = System.nanoTime();
                if (!line.startsWith("round ") || line.contains("test acc")) {
                    lines.add(line);
                    System.out.println(line);
                }
            });
            TrainingTable.Prepared prepared = job.prepare(jsc);
            double prepareSeconds = (System.nanoTime() - start) / 1e9;
            TrainingSummary s = job.run(jsc, prepared, null, false);
            prepared.unpersist();
            r.put("train_rows", prepared.train().rows());
            r.put("features", prepared.width());
            r.put("prepare_seconds", prepareSeconds);
            r.put("time_to_first_round_seconds", (firstRound[0] - start) / 1e9);
            r.put("examples_per_s", s.examplesPerSecond());
            r.put("test_accuracy", s.lastEval().accuracy());
            System.gc();
            Thread.sleep(200);
            r.put("driver_peak_heap_used_bytes", heap.peakUsed.get());
            r.put("driver_peak_live_heap_bytes", heap.peakAfterGc.get());
            r.put("log", lines);
        }
        Files.createDirectories(out);
        JSON.writeValue(out.resolve(name + ".json").toFile(), r);
        System.out.printf("%s: %,d rows, prepared in %.1f s, first round after %.1f s, %.0f examples/s, driver heap peak "
                        + "%.0f MiB used, %.0f MiB live after GC%n", name, r.get("train_rows"), r.get("prepare_seconds"),
                r.get("time_to_first_round_seconds"), r.get("examples_per_s"),
                heap(r, "driver_peak_heap_used_bytes"), heap(r, "driver_peak_live_heap_bytes"));
    }

    private static double heap(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue() / (1 << 20);
    }

    static void report(Path out) throws Exception {
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (String name : List.of("small", "large", "fashion-mnist")) {
            Path f = out.resolve("data-scale-" + name + ".json");
            if (Files.exists(f)) runs.put(name, new ObjectMapper().readTree(f.toFile()));
        }
        JsonNode small = runs.get("small");
        JsonNode large = runs.get("large");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runs", runs);
        if (small != null && large != null) {
            r.put("driver_peak_heap_ratio", large.get("driver_peak_live_heap_bytes").asDouble()
                    / small.get("driver_peak_live_heap_bytes").asDouble());
            r.put("driver_peak_heap_used_ratio", large.get("driver_peak_heap_used_bytes").asDouble()
                    / small.get("driver_peak_heap_used_bytes").asDouble());
            r.put("rows_ratio", large.get("train_rows").asDouble() / small.get("train_rows").asDouble());
        }
        System.out.println();
        System.out.printf("%-14s %12s %10s %12s %12s %14s %14s%n", "run", "train rows", "prepare s", "1st round s",
                "examples/s", "heap used MiB", "live heap MiB");
        for (Map.Entry<String, JsonNode> e : runs.entrySet()) {
            JsonNode j = e.getValue();
            System.out.printf("%-14s %,12d %10.1f %12.1f %12.0f %14.0f %14.0f%n", e.getKey(), j.get("train_rows").asLong(),
                    j.get("prepare_seconds").asDouble(), j.get("time_to_first_round_seconds").asDouble(),
                    j.get("examples_per_s").asDouble(), j.get("driver_peak_heap_used_bytes").asDouble() / (1 << 20),
                    j.get("driver_peak_live_heap_bytes").asDouble() / (1 << 20));
        }
        if (r.containsKey("driver_peak_heap_ratio")) {
            System.out.printf("driver_peak_heap_ratio (large / small, live heap after GC): %.3f (goal <= 1.2); "
                    + "sampled peak use: %.3f%n", r.get("driver_peak_heap_ratio"), r.get("driver_peak_heap_used_ratio"));
        }
        JSON.writeValue(out.resolve("data-scale.json").toFile(), r);
    }
}
