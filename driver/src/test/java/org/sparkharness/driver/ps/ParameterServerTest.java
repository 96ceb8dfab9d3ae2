package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.BackupConfig;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.data.Shards;
import org.sparkharness.driver.ps.FaultyRoundExecutor.Fault;
import org.sparkharness.driver.ps.FaultyRoundExecutor.Faults;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * Every path of the parameter server's round, without Spark: an in-process engine with concurrent workers and
 * injected delays, NaN results, exceptions and time-outs, on the committed Fashion-MNIST subset.
 */
class ParameterServerTest {
    private static final long SEED = 7;
    private static final int WORKERS = 4, BATCH = 16;
    private static final ModelSpec MODEL = new MlpSpec(List.of(32), null);
    private static final InputShape INPUT = InputShape.fashionMnist();
    private static List<WorkerShard> shards;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        LabeledImages train = FashionMnist.load(TestData.miniFashionMnist(), Split.TRAIN);
        shards = Shards.split(train, WORKERS, SEED);
    }

    private static PsConfig ps(int rounds, BackupConfig backup, int timeoutSeconds) {
        return new PsConfig(WORKERS, backup, null, rounds, 2, 2, 1, timeoutSeconds, null);
    }

    private static Optimizer sgd() { return Optimizers.fromConfig(SgdConfig.of(0.1)); }

    private static FaultyRoundExecutor engine(Faults faults) {
        return new FaultyRoundExecutor(shards, new GradientTask(MODEL, INPUT, BATCH, SEED, null), faults);
    }

    private record Run(TrainingSummary summary, List<String> lines) {}

    private static Run train(FaultyRoundExecutor engine, PsConfig ps, Checkpoint start, MetricsLog metrics,
                             CheckpointStore checkpoints) {
        List<String> lines = new ArrayList<>();
        NetworkAdapter layout = new NetworkAdapter(MODEL.network(INPUT, SEED));
        ParameterServer server = new ParameterServer(engine, flat -> EvalResult.EMPTY, layout,
                TrainingMethods.firstOrder(sgd()), BackupPolicy.from(ps.backup()), ps, SEED, metrics, checkpoints,
                lines::add);
        try (engine) {
            return new Run(server.train(start), lines);
        }
    }

    private static Checkpoint fresh() {
        ParamTable p0 = new NetworkAdapter(MODEL.network(INPUT, SEED)).params();
        return Checkpoint.start(SEED, p0, sgd().init(p0));
    }

    private static ParamTable directStep(List<Integer> workers, ParamTable p0) {
        return new UnionBatchStep(shards, MODEL, INPUT, BATCH, SEED).step(workers, p0, sgd());
    }

    private static double relativeUpdateError(ParamTable actual, ParamTable expected, ParamTable p0) {
        return UnionBatchStep.relativeUpdateError(actual, expected, p0);
    }

    @Test
    void withoutBackupsARoundIsOneSynchronousStepOnTheUnionBatch() {
        Checkpoint start = fresh();
        ParamTable after = train(engine(Faults.NONE), ps(1, new BackupConfig.None(), 60), start, null, null)
                .summary().params();
        double err = relativeUpdateError(after, directStep(List.of(0, 1, 2, 3), start.params()), start.params());
        assertTrue(err < 1e-5, "relative difference of the updates: " + err);
    }

    @Test
    void aDelayedWorkerIsCutOffByTheBackupAndCancelled() {
        FaultyRoundExecutor engine = engine((r, w) -> w == 2 ? new Fault.Delay(60_000) : new Fault.None());
        INDArray flat = fresh().params().flatten();
        for (int round = 0; round < 2; round++) {
            RoundOutcome o = engine.run(round, flat, WORKERS - 1, Duration.ofMinutes(2), new GradientSum(flat.length()));
            assertEquals(List.of(0, 1, 3), o.acceptedWorkers(), "round " + round);
            assertEquals(List.of(2), o.cancelled(), "round " + round);
        }
        Checkpoint start = fresh();
        ParamTable after = train(engine, ps(1, new BackupConfig.Static(1), 120), start, null, null).summary().params();
        double err = relativeUpdateError(after, directStep(List.of(0, 1, 3), start.params()), start.params());
        assertTrue(err < 1e-5, "the step must average workers 0, 1 and 3 only: " + err);
    }

    @Test
    void aNonFiniteResultIsRejectedNamedAndTheRunGoesOn() {
        Faults nanFromWorker1 = (r, w) -> w == 1 ? new Fault.NonFinite() : new Fault.None();
        Run run = train(engine(nanFromWorker1), ps(3, new BackupConfig.None(), 60), fresh(), null, null);
        assertTrue(run.summary().params().firstNonFinite().isEmpty());
        assertEquals(3, run.summary().rejectedResults());
        assertTrue(run.lines().stream().anyMatch(l -> l.contains("rejected NaN/Inf from workers [1]")), run.lines().toString());

        Checkpoint start = fresh();
        ParamTable one = train(engine(nanFromWorker1), ps(1, new BackupConfig.None(), 60), start, null, null)
                .summary().params();
        double err = relativeUpdateError(one, directStep(List.of(0, 2, 3), start.params()), start.params());
        assertTrue(err < 1e-5, "the step must average the three finite workers: " + err);
    }

    @Test
    void aWorkerThatThrowsIsReportedAsFailedAndTheRoundGoesOn() throws Exception {
        Faults worker3FailsInRound1 = (r, w) -> r == 1 && w == 3 ? new Fault.Throws("out of memory (injected)")
                : new Fault.None();
        Path metricsFile = dir.resolve("metrics.jsonl");
        FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        Run run;
        try (MetricsLog metrics = MetricsLog.open(fs, new org.apache.hadoop.fs.Path(metricsFile.toUri()), 0)) {
            run = train(engine(worker3FailsInRound1), ps(3, new BackupConfig.None(), 60), fresh(), metrics, null);
        }
        assertEquals(3, run.summary().rounds());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("round 2/3") && l.contains("failed [3]")),
                run.lines().toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(metricsFile)) lines.add(MetricsLog.JSON.readTree(l));
        assertEquals(3, lines.size());
        JsonNode second = lines.get(1);
        assertEquals("[3]", second.get("failed").toString());
        assertEquals("[0,1,2]", second.get("accepted").toString());
        for (String k : List.of("n", "k", "b", "late_ignored", "round_ms", "wait_ms", "arrival_ms", "compute_ms", "loss",
                "examples", "examples_per_s", "elapsed_s")) {
            assertTrue(second.has(k), "metrics line lacks " + k + ": " + second);
        }
        assertFalse(second.has("predicted_round_ms"), "a static policy predicts nothing: " + second);
        assertTrue(second.has("eval_ms"), "round 2 is an evaluation round: " + second);
        assertFalse(lines.get(0).has("eval_ms"), "round 1 is not: " + lines.get(0));
    }

    @Test
    void aLostWorkerIsNamedAndTheRoundGoesOnWithoutIt() {
        Faults worker0LostInRound1 = (r, w) -> r == 1 && w == 0 ? new Fault.Lost() : new Fault.None();
        Run run = train(engine(worker0LostInRound1), ps(3, new BackupConfig.None(), 60), fresh(), null, null);
        assertEquals(3, run.summary().rounds());
        assertEquals(1, run.summary().rejectedResults(), "the lost worker's result is missing once");
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("round 2/3") && l.contains("LOST [0]")),
                run.lines().toString());
        assertTrue(run.summary().params().firstNonFinite().isEmpty());
    }

    @Test
    void aRoundWithoutEnoughResultsInTimeFailsWithATimeout() {
        FaultyRoundExecutor engine = engine((r, w) -> w == 0 ? new Fault.Delay(60_000) : new Fault.None());
        RoundFailedException e = assertThrows(RoundFailedException.class,
                () -> train(engine, ps(1, new BackupConfig.None(), 1), fresh(), null, null));
        // How many of the three prompt workers made it in 1 s depends on the machine's load: only the time-out is asserted.
        assertTrue(e.getMessage().contains("timed out after 1 s with") && e.getMessage().contains("of 4 results"),
                e.getMessage());
    }

    @Test
    void aRoundWhoseEveryResultIsUnusableFails() {
        Faults allBad = (r, w) -> w % 2 == 0 ? new Fault.NonFinite() : new Fault.Throws("injected");
        RoundFailedException e = assertThrows(RoundFailedException.class,
                () -> train(engine(allBad), ps(1, new BackupConfig.None(), 60), fresh(), null, null));
        assertTrue(e.getMessage().contains("no usable result"), e.getMessage());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndKeepsTheBackupPolicysHistory() {
        BackupConfig dbw = new BackupConfig.None(); // deterministic: DBW's choices depend on measured times
        FileSystem fs = localFs();
        CheckpointStore whole = new CheckpointStore(fs, hadoop(dir.resolve("whole")), 10);
        ParamTable uninterrupted = train(engine(Faults.NONE), ps(6, dbw, 60), fresh(), null, whole).summary().params();

        CheckpointStore part = new CheckpointStore(fs, hadoop(dir.resolve("part")), 10);
        train(engine(Faults.NONE), ps(4, dbw, 60), fresh(), null, part);
        Checkpoint at4 = part.latest().orElseThrow();
        assertEquals(4, at4.round());
        RoundHistory history = at4.section(RoundHistory.section(50)).orElseThrow();
        assertEquals(4, history.size(), "the policy's history of four rounds travels with the checkpoint");
        ParamTable resumed = train(engine(Faults.NONE), ps(6, dbw, 60), at4, null, part).summary().params();
        assertArrayEquals(uninterrupted.flatten().toFloatVector(), resumed.flatten().toFloatVector());
    }

    private static FileSystem localFs() {
        try {
            return FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) { return new org.apache.hadoop.fs.Path(p.toUri()); }
}
