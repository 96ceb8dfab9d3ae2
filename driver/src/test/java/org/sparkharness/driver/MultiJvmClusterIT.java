package org.sparkharness.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * Training on a real cluster of separate executor JVMs on loopback ({@code local-cluster[2,1,1024]}: a standalone
 * master and worker inside this JVM, executors as child processes with the Maven classpath). RPC messages are capped
 * at 1 MiB, below the size of one worker's shard, so nothing may ship the rows through the driver.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultiJvmClusterIT {
    private static final int RPC_MAX_MIB = 1;
    private static JavaSparkContext jsc;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        jsc = new JavaSparkContext(SparkSetup.conf("multi-jvm-test", "local-cluster[2,1,1024]",
                Map.of("spark.ui.enabled", "false", "spark.executor.memory", "1g",
                        "spark.rpc.message.maxSize", Integer.toString(RPC_MAX_MIB))));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    private static void awaitExecutors(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (executorIds().size() < n && System.nanoTime() < deadline) Thread.sleep(200);
        assertEquals(n, executorIds().size(), "executors registered: " + executorIds());
    }

    /** The executor JVMs' process ids, as the executors report them. */
    private static List<Long> executorPids() {
        return jsc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)
                .map(i -> ProcessHandle.current().pid()).distinct().collect();
    }

    private static void assertSameParams(TrainingSummary a, TrainingSummary b) {
        for (String name : a.params().names()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.params().get(name).data().asFloat(),
                    b.params().get(name).data().asFloat(), 0f, name);
        }
    }

    private static Set<String> executorIds() {
        return new TreeSet<>(scala.collection.JavaConverters.seqAsJavaListConverter(jsc.sc().getExecutorIds()).asJava());
    }

    /** The executors' cores are the task slots; asking for more than the cluster grants fails, naming the fix. */
    @Test
    void theSlotCheckCountsExecutorCoresAndNamesTheSettingsThatGrantMore() throws InterruptedException {
        awaitExecutors(2);
        org.sparkharness.driver.spark.TaskSlots.Grant g = org.sparkharness.driver.spark.TaskSlots.granted(jsc.sc());
        assertEquals(2, g.slots(), g.toString());
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.sparkharness.driver.run.RunSetupException.class,
                () -> org.sparkharness.driver.spark.TaskSlots.await(jsc.sc(), 3, java.time.Duration.ofSeconds(1),
                        "ps.workers = 3", line -> {})).getMessage();
        assertTrue(m.contains("ps.workers = 3 needs 3 task slots") && m.contains("holds 2 task slots")
                && m.contains("spark.cores.max") && m.contains("spark.executor.instances"), m);
    }

    @Test
    void trainsAFewRoundsOnExecutorsInOtherJvms() throws InterruptedException {
        awaitExecutors(2);
        String driverPid = Long.toString(ProcessHandle.current().pid());
        List<String> pids = jsc.parallelize(List.of(0, 1, 2, 3), 4)
                .map(i -> Long.toString(ProcessHandle.current().pid())).collect();
        assertFalse(pids.contains(driverPid), "tasks ran in the driver JVM " + driverPid + ": " + pids);

        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3 }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 8, evalEvery: 4, logEvery: 100 }
                """.formatted(TestData.miniFashionMnist()), List.of());
        TrainJob job = new TrainJob(c, System.out::println);
        TrainingSummary s = job.run(jsc, null, false);
        assertEquals(8, s.rounds());
        assertTrue(s.lastEval().accuracy() > 0.3, "accuracy " + s.lastEval().accuracy());
        assertTrue(s.params().firstNonFinite().isEmpty());
    }

    /** The user's own ComputationGraph (its JSON read once on the driver) built and trained in the executor JVMs. */
    @Test
    void aUsersComputationGraphTrainsOnExecutorsInOtherJvms() throws InterruptedException {
        awaitExecutors(2);
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3 }
                data: { dir: %s, batchSize: 32 }
                model: { type: dl4j, config: %s }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 8, evalEvery: 4, logEvery: 100 }
                """.formatted(TestData.miniFashionMnist(), TestData.root().resolve("examples/models/two-branch-graph.json")),
                List.of());
        TrainingSummary s = new TrainJob(c, System.out::println).run(jsc, null, false);
        assertEquals(8, s.rounds());
        assertTrue(s.params().names().contains("wide_W"), s.params().names().toString());
        assertTrue(s.lastEval().accuracy() > 0.3, "accuracy " + s.lastEval().accuracy());
        assertTrue(s.params().firstNonFinite().isEmpty());
    }

    /**
     * EL2N/GraNd scoring of a user's ComputationGraph on executors in other JVMs: the configuration travels inside the
     * tasks, and the scores equal those of the same runs in this JVM without Spark.
     */
    @Test
    void aUsersComputationGraphIsScoredOnExecutorsInOtherJvms() throws Exception {
        awaitExecutors(2);
        var train = org.sparkharness.data.fashion.FashionMnist.load(TestData.miniFashionMnist(),
                org.sparkharness.data.dataset.Split.TRAIN).subset(java.util.stream.IntStream.range(0, 300).toArray());
        Object conf = org.sparkharness.executors.model.Dl4jConfigs.parse(
                Files.readString(TestData.root().resolve("examples/models/two-branch-graph.json")));
        org.sparkharness.executors.model.Dl4jConfigs.harnessReady(conf);
        var model = new org.sparkharness.data.score.ScoringNetwork(new org.sparkharness.executors.model.ConfiguredSpec(
                org.sparkharness.executors.model.Dl4jConfigs.toJson(conf), "two-branch-graph.json"),
                org.sparkharness.executors.model.InputShape.fashionMnist(), null);
        var settings = org.sparkharness.data.score.ScoreSettings.defaults().withRuns(2).withEpochs(1).withBatchSize(50)
                .withSeed(4L).withGrand(org.sparkharness.data.score.GrandMode.EXACT).withEvalBatch(64)
                .withScorePartitions(4);
        String out = tmp.resolve("graph-scores").toUri().toString();
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        org.sparkharness.data.score.ScoreJob.run(spark, train, settings, model, out, line -> { });
        var rows = org.sparkharness.data.score.ScoreJob.readScores(spark, out).orderBy("id").collectAsList();
        var local = org.sparkharness.data.score.SingleJvmScores.compute(
                org.sparkharness.data.score.TrainingArrays.of(train), settings, model, line -> { });
        assertEquals(300, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(local.ids()[i], rows.get(i).getLong(0));
            assertEquals(local.el2n()[i], rows.get(i).getDouble(2), 1e-6, "el2n of row " + i);
            assertEquals(local.grand()[i], rows.get(i).getDouble(3), 1e-6, "exact GraNd of row " + i);
        }
    }

    /**
     * The persistent engine across JVMs: worker tasks in the executor processes reach the driver's endpoint over
     * loopback TCP, and with b = 0 the run equals the jobs engine's bit for bit.
     */
    @Test
    void thePersistentEngineServesRoundsFromExecutorJvmsAsTheJobsEngineDoes() throws InterruptedException {
        awaitExecutors(2);
        String yaml = """
                run: { seed: 5 }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 12, evalEvery: 6, logEvery: 100, engine: %s }
                """;
        TrainingSummary jobs = new TrainJob(ConfigLoader.parse(yaml.formatted(TestData.miniFashionMnist(), "jobs"),
                List.of()), System.out::println).run(jsc, null, false);
        TrainingSummary persistent = new TrainJob(ConfigLoader.parse(yaml.formatted(TestData.miniFashionMnist(),
                "persistent"), List.of()), System.out::println).run(jsc, null, false);
        assertEquals(12, persistent.rounds());
        assertSameParams(jobs, persistent);
        assertEquals(jobs.lastEval(), persistent.lastEval());
    }

    /**
     * The persistent engine with one backup worker loses an executor JVM (SIGKILL) mid-run: the endpoint sees the
     * connection drop, rounds close on the surviving worker and say so, Spark restarts the task on the replacement
     * executor (its shard rebuilt from the files), the new task rejoins, and the run ends all its rounds.
     */
    @Test
    void thePersistentEngineLosesAWorkerAndTakesItBack() throws Exception {
        awaitExecutors(2);
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 6 }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 600, evalEvery: 600, logEvery: 50, engine: persistent,
                      backup: { policy: static, b: 1 }, stragglers: { model: shifted-exponential, shiftMs: 150, meanMs: 1 } }
                """.formatted(TestData.miniFashionMnist()), List.of());
        List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // The victim wrote shuffle output the shards are built from: the lost task's shards can then only be
        // rebuilt by running that map stage again (a fetch failure, after which Spark relaunches every unfinished
        // task of the workers' stage, the live worker's included).
        java.util.Map<String, Long> pidOf = new java.util.HashMap<>();
        for (String e : jsc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)
                .map(i -> org.apache.spark.SparkEnv.get().executorId() + ":" + ProcessHandle.current().pid()).collect()) {
            pidOf.put(e.split(":")[0], Long.parseLong(e.split(":")[1]));
        }
        java.util.Set<String> mapSide = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<Integer> mapStages = java.util.concurrent.ConcurrentHashMap.newKeySet();
        jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted e) {
                if (e.stageInfo().name().contains("TableShards")) mapStages.add(e.stageInfo().stageId());
            }

            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
                if (mapStages.contains(e.stageId()) && e.taskType().startsWith("ShuffleMap")) {
                    mapSide.add(e.taskInfo().executorId());
                }
            }
        });
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        TrainingSummary s = new TrainJob(c, line -> {
            log.add(line);
            System.out.println(line);
            if (line.startsWith("round 50/") && killed.compareAndSet(false, true)) {
                assertFalse(mapSide.isEmpty(), "no executor wrote the shards' shuffle output");
                ProcessHandle victim = ProcessHandle.of(pidOf.get(new java.util.TreeSet<>(mapSide).first())).orElseThrow();
                victim.destroyForcibly();
                victim.onExit().join();
            }
        }).run(jsc, null, false);
        assertEquals(600, s.rounds());
        assertTrue(log.stream().anyMatch(l -> l.contains("LOST [")), "a lost worker shows in the progress line:\n"
                + String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("rejoined [")), "the restarted task rejoined:\n"
                + String.join("\n", log));
        assertTrue(s.params().firstNonFinite().isEmpty());
        assertTrue(s.lastEval().count() > 0 && s.lastEval().accuracy() > 0.3, "accuracy " + s.lastEval().accuracy());
    }

    /**
     * Without backup workers (b = 0) a round needs every worker, so losing an executor JVM makes the round wait for
     * the replacement task, which rebuilds its shard from lineage, receives the current parameters and computes the
     * same minibatch (drawn from seed, round and worker): the run ends exactly where an uninterrupted one does, bit
     * for bit, and so with the same test accuracy.
     */
    @Test
    void withoutBackupWorkersAKilledExecutorChangesNothingInTheResult() throws Exception {
        awaitExecutors(2);
        String yaml = """
                run: { seed: 9 }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 60, evalEvery: 30, logEvery: 1, engine: persistent, rejoinTimeoutSeconds: 240 }
                """.formatted(TestData.miniFashionMnist());
        TrainingSummary uninterrupted = new TrainJob(ConfigLoader.parse(yaml, List.of()), line -> {})
                .run(jsc, null, false);
        List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        long victimPid = executorPids().get(0);
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        TrainingSummary interrupted = new TrainJob(ConfigLoader.parse(yaml, List.of()), line -> {
            log.add(line);
            System.out.println(line);
            if (line.startsWith("round 20/") && killed.compareAndSet(false, true)) {
                ProcessHandle victim = ProcessHandle.of(victimPid).orElseThrow();
                victim.destroyForcibly();
                victim.onExit().join();
            }
        }).run(jsc, null, false);
        assertTrue(killed.get());
        assertEquals(60, interrupted.rounds());
        assertTrue(log.stream().anyMatch(l -> l.contains("rejoined [")), "the restarted task rejoined:\n"
                + String.join("\n", log));
        assertTrue(log.stream().noneMatch(l -> l.contains("LOST [")), "no round closed without the lost worker:\n"
                + String.join("\n", log));
        assertSameParams(uninterrupted, interrupted);
        assertEquals(uninterrupted.lastEval(), interrupted.lastEval());
        assertEquals(uninterrupted.examples(), interrupted.examples());
    }

    /**
     * A table written by the executors, 2 shards of about 1.6 MB (above the 1 MiB RPC cap), and one executor JVM killed
     * after round 10: its cached shard and shuffle output are gone, Spark rebuilds them from the Parquet files through
     * the shards' lineage (a stage scanning the files runs again), and the run ends all its rounds.
     */
    @Test
    void trainsFromATableWithShardsAboveTheRpcLimitAndSurvivesAKilledExecutor() throws Exception {
        awaitExecutors(2);
        String table = tmp.resolve("wide.parquet").toString();
        int rows = 8800, features = 100;
        SparkSession spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
        // Deterministic values in [0, 1) plus 1 on the features j = label (mod 3): learnable, and made by the executors.
        spark.range(0, rows, 1, 4).selectExpr("id", "cast(id % 3 as int) as label",
                "transform(sequence(0, " + (features - 1) + "), j -> ((id * 7919 + j * 104729) % 1000) / 1000.0"
                        + " + if(j % 3 = id % 3, 1.0, 0.0)) as features")
                .write().parquet(table);

        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 4 }
                data: { source: table, format: parquet, train: %s, idCol: id, validationFraction: 0.1, batchSize: 64 }
                model: { type: mlp, hidden: [16] }
                optimizer: { type: adamw, lr: 1.0e-2 }
                ps: { workers: 2, rounds: 30, evalEvery: 30, logEvery: 5 }
                """.formatted(table), List.of());
        java.util.concurrent.atomic.AtomicInteger removed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger rescans = new java.util.concurrent.atomic.AtomicInteger();
        jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved e) {
                removed.incrementAndGet();
            }

            @Override
            public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
                // A stage that scans the Parquet files after the kill: the lost shard rebuilt from its source.
                boolean scans = scala.collection.JavaConverters.seqAsJavaList(e.stageInfo().rddInfos()).stream()
                        .anyMatch(r -> r.name().contains("FileScanRDD"));
                if (killed.get() && scans) rescans.incrementAndGet();
            }
        });
        List<String> log = new java.util.ArrayList<>();
        long victimPid = executorPids().get(0);
        TrainJob job = new TrainJob(c, line -> {
            log.add(line);
            System.out.println(line);
            if (line.startsWith("round 10/")) {
                ProcessHandle victim = ProcessHandle.of(victimPid).orElseThrow();
                killed.set(true);
                victim.destroyForcibly();
                victim.onExit().join();
            }
        });
        org.sparkharness.data.table.TrainingTable.Prepared data = job.prepare(jsc);
        try {
            long bytesPerShard = (long) data.train().sizes()[0] * features * Float.BYTES;
            assertTrue(bytesPerShard > RPC_MAX_MIB << 20, "shard of " + bytesPerShard + " bytes");
            TrainingSummary s = job.run(jsc, data, null, false);
            assertEquals(30, s.rounds());
            assertTrue(removed.get() >= 1, "no executor was lost: " + String.join("\n", log));
            assertTrue(rescans.get() >= 1, "no stage read the Parquet files again after the kill");
            assertTrue(s.params().firstNonFinite().isEmpty());
            assertTrue(s.lastEval().accuracy() > 0.5, "accuracy " + s.lastEval().accuracy());
        } finally {
            data.unpersist();
        }
    }
}
