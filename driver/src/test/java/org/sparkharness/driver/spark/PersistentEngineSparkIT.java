package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.table.TableShards;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.driver.ps.RoundOutcome;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LogisticRegressionSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.PhaseChange;
import org.sparkharness.executors.worker.SlowWorkers;
import org.sparkharness.executors.worker.StragglerModel;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * The persistent engine ({@code ps.engine: persistent}) on Spark: with b = 0 it is bit for bit the jobs engine for
 * every training method, resume continues it exactly, a round closes on the first k results while a straggler is
 * told to stop, and a worker whose computation throws is rejected for that round without ending its task.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PersistentEngineSparkIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("persistent-engine-test", 3);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    static String fixture(String name) {
        return Path.of(System.getProperty("harness.root", "."), "testdata", "tables", name).toString();
    }

    static HarnessConfig config(String optimizer, String ps, String run) {
        return ConfigLoader.parse("""
                run: %s
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id, batchSize: 32 }
                model: { type: mlp, hidden: [16] }
                optimizer: %s
                ps: %s
                """.formatted(run, fixture("blobs-parquet"), fixture("blobs-test-parquet"), optimizer, ps), List.of());
    }

    private static void assertSameParams(TrainingSummary a, TrainingSummary b, String what) {
        for (String name : a.params().names()) {
            assertArrayEquals(a.params().get(name).data().asFloat(), b.params().get(name).data().asFloat(), 0f,
                    what + ": " + name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ type: adamw, lr: 1.0e-2 }",
        "{ type: sven, lr: 0.2, k: 8 }",
        "{ type: sam, rho: 0.05, base: { type: adamw, lr: 1.0e-2 } }",
        "{ type: saf, minusEpoch: 1, startEpoch: 0, base: { type: adamw, lr: 1.0e-2 } }",
        "{ type: mesa, startEpoch: 0, decay: 0.9, base: { type: adamw, lr: 1.0e-2 } }"})
    void withoutBackupsItIsTheJobsEngineBitForBit(String optimizer) {
        // 200 rows per worker at batch 32: SAF's memory is read from round 7 on; evaluation every 10 rounds.
        String ps = "{ workers: 3, rounds: 24, evalEvery: 10, logEvery: 1000, engine: %s }";
        TrainJob jobs = new TrainJob(config(optimizer, ps.formatted("jobs"), "{ seed: 6 }"), line -> {});
        TrainingTable.Prepared data = jobs.prepare(jsc);
        try {
            TrainingSummary a = jobs.run(jsc, data, null, false);
            TrainingSummary b = new TrainJob(config(optimizer, ps.formatted("persistent"), "{ seed: 6 }"), line -> {})
                    .run(jsc, data, null, false);
            assertSameParams(a, b, optimizer);
            assertEquals(a.lastEval(), b.lastEval(), "the workers' evaluation equals the evaluation job's");
            assertEquals(a.examples(), b.examples());
        } finally {
            data.unpersist();
        }
    }

    @Test
    void resumingContinuesExactlyWhereTheRunStopped() {
        String ps = "{ workers: 3, rounds: %d, evalEvery: 100, checkpointEvery: 5, logEvery: 1000, engine: persistent }";
        String run = "{ name: %s, seed: 8, output: " + tmp.resolve("runs") + " }";
        String adamw = "{ type: adamw, lr: 1.0e-2 }";
        HarnessConfig whole = config(adamw, ps.formatted(12), run.formatted("whole"));
        TrainingSummary uninterrupted = new TrainJob(whole, line -> {})
                .run(jsc, RunDirectory.create(whole.run().output(), "whole"), false);
        HarnessConfig half = config(adamw, ps.formatted(5), run.formatted("half"));
        RunDirectory dir = RunDirectory.create(half.run().output(), "half");
        new TrainJob(half, line -> {}).run(jsc, dir, false);
        TrainingSummary resumed = new TrainJob(config(adamw, ps.formatted(12), run.formatted("half")), line -> {})
                .run(jsc, dir, true);
        assertEquals(12, resumed.rounds());
        assertSameParams(uninterrupted, resumed, "resumed");
    }

    @Test
    void moreWorkersThanTheLocalMastersSlotsIsRefusedAtOnce() {
        HarnessConfig c = config("{ type: sgd, lr: 0.1 }", "{ workers: 4, rounds: 2, engine: persistent }", "{ seed: 2 }");
        String m = org.junit.jupiter.api.Assertions.assertThrows(
                org.sparkharness.optimizers.config.ConfigException.class,
                () -> new TrainJob(c, line -> {}).run(jsc, null, false)).getMessage();
        assertTrue(m.contains("ps.workers") && m.contains("local[3]") && m.contains("3 task slots"), m);
    }

    @Test
    void backupWorkersAndStragglersTrainWithEveryPolicy() {
        for (String backup : List.of("{ policy: static, b: 1 }", "{ policy: dynamic, maxBackups: 1 }")) {
            HarnessConfig c = config("{ type: sgd, lr: 0.1 }", """
                    { workers: 3, rounds: 30, evalEvery: 30, logEvery: 1000, engine: persistent, backup: %s,
                      stragglers: { model: slow-workers, workers: [2], delayMs: 200, factor: 1 } }""".formatted(backup),
                    "{ seed: 2 }");
            TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, null, false);
            assertEquals(30, s.rounds(), backup);
            assertTrue(s.lastEval().accuracy() > 0.5, backup + ": accuracy " + s.lastEval().accuracy());
        }
    }

    /** {@code n} shards of a separable 2-class problem; worker {@code narrow}'s rows have 3 features, not 4 (−1: none). */
    private static JavaRDD<WorkerShard> shards(int n, int rows, int offset, int narrow) {
        List<WorkerShard> shards = new ArrayList<>();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1 + offset);
        for (int w = 0; w < n; w++) {
            int width = w == narrow ? 3 : 4;
            long[] ids = new long[rows];
            float[][] x = new float[rows][width];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = offset + w * rows + i;
                for (int j = 0; j < width; j++) x[i][j] = (float) rng.nextGaussian();
                y[i] = x[i][0] > 0 ? 1 : 0;
            }
            shards.add(TableShards.shard(w, ids, x, y, width, 2));
        }
        return jsc.parallelize(shards, n).cache();
    }

    private static final InputShape INPUT = new InputShape(1, 4, 1, 2);
    private static final LogisticRegressionSpec MODEL = new LogisticRegressionSpec();

    private static PersistentRoundExecutor executor(int narrow, StragglerModel stragglers) {
        return executor(narrow, stragglers, Duration.ofMinutes(2));
    }

    private static PersistentRoundExecutor executor(int narrow, StragglerModel stragglers, Duration workerTimeout) {
        GradientTask task = new GradientTask(MODEL, INPUT, 8, 3, stragglers);
        return new PersistentRoundExecutor(jsc, shards(3, 40, 0, narrow), shards(3, 10, 10_000, -1), task,
                new EvalTask(MODEL, INPUT, 16), 0, Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(1),
                1000, workerTimeout);
    }

    /**
     * Worker 2 hangs in round 1 (a ten-minute delay that no cancel notice reaches, since b = 0 waits for it): after
     * the worker timeout its task attempt is killed, the round closes without it, Spark starts another attempt, and
     * that one rejoins and serves round 2. Round 0 warms every worker up, so only the hung one meets the timeout.
     */
    @Test
    void aHungWorkerIsKilledAndItsNewTaskRejoins() {
        INDArray params = new NetworkAdapter(MODEL.network(INPUT, 3)).flatParams();
        StragglerModel hangInRoundOne = new PhaseChange(1L, new NoStragglers(),
                new PhaseChange(2L, new SlowWorkers(List.of(2), 600_000L, 1.0), new NoStragglers()));
        try (PersistentRoundExecutor executor = executor(-1, hangInRoundOne, Duration.ofSeconds(10))) {
            RoundOutcome r0 = executor.run(0, RoundInput.of(0, params), 3, Duration.ofMinutes(2),
                    new GradientSum(params.length()));
            assertEquals(List.of(0, 1, 2), r0.acceptedWorkers());
            RoundOutcome r1 = executor.run(1, RoundInput.of(1, params), 3, Duration.ofMinutes(2),
                    new GradientSum(params.length()));
            assertEquals(List.of(0, 1), r1.acceptedWorkers());
            assertEquals(List.of(2), r1.lost(), "the hung worker is reported missing");
            RoundOutcome r2 = executor.run(2, RoundInput.of(2, params), 3, Duration.ofMinutes(2),
                    new GradientSum(params.length()));
            assertEquals(List.of(0, 1, 2), r2.acceptedWorkers(), "its new task attempt serves round 2");
            assertTrue(r1.rejoined().contains(2) || r2.rejoined().contains(2), "the rejoin is reported");
        }
    }

    @Test
    void aRoundClosesOnItsFirstResultsAndTheStragglerIsToldToStop() {
        INDArray params = new NetworkAdapter(MODEL.network(INPUT, 3)).flatParams();
        try (PersistentRoundExecutor executor = executor(-1, new SlowWorkers(List.of(2), 60_000L, 1.0))) {
            for (int round = 0; round < 3; round++) {
                RoundOutcome r = executor.run(round, RoundInput.of(round, params), 2, Duration.ofMinutes(2),
                        new GradientSum(params.length()));
                assertEquals(List.of(0, 1), r.acceptedWorkers(), "the one-minute straggler is not waited for");
                assertEquals(List.of(2), r.cancelled());
            }
            // Had the straggler not stopped at the cancel notice, it would still sleep through its minute here.
            EvalResult e = executor.evaluate(params);
            assertEquals(30, e.count(), "every worker evaluated its own test shard");
        }
    }

    @Test
    void aWorkerWhoseComputationThrowsIsRejectedAndKeepsServing() {
        INDArray params = new NetworkAdapter(MODEL.network(INPUT, 3)).flatParams();
        try (PersistentRoundExecutor executor = executor(0, new NoStragglers())) {
            for (int round = 0; round < 3; round++) {
                // Waiting for all three (b = 0): the failure is one of the reports the round closes on.
                RoundOutcome r = executor.run(round, RoundInput.of(round, params), 3, Duration.ofMinutes(2),
                        new GradientSum(params.length()));
                assertEquals(List.of(0), r.rejected(), "worker 0's rows do not fit the model");
                assertEquals(List.of(0), r.failed());
                assertEquals(List.of(1, 2), r.acceptedWorkers());
            }
            assertEquals(30, executor.evaluate(params).count(), "worker 0's task is still there to evaluate");
        }
    }
}
