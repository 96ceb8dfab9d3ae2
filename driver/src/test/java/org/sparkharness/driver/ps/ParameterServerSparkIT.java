package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.BackupConfig;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.data.Shards;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.spark.CachedShards;
import org.sparkharness.driver.spark.SparkRoundExecutor;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.SlowWorkers;
import org.sparkharness.executors.worker.StragglerModel;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.SgdConfig;

/** The parameter server on real local Spark (4 task slots) with the committed Fashion-MNIST subset. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ParameterServerSparkIT {
    private static final long SEED = 7;
    private static final int WORKERS = 4, BATCH = 16;
    private static final ModelSpec MODEL = new MlpSpec(List.of(32), null);
    private static final InputShape INPUT = InputShape.fashionMnist();

    private static JavaSparkContext jsc;
    private static List<WorkerShard> shards;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("harness-test", WORKERS);
        LabeledImages train = FashionMnist.load(TestData.miniFashionMnist(), Split.TRAIN);
        shards = Shards.split(train, WORKERS, SEED);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    private static JavaRDD<WorkerShard> rdd(List<WorkerShard> data) {
        return CachedShards.of(jsc, data, "test shards");
    }

    private static PsConfig rounds(int rounds, BackupConfig backup) {
        return new PsConfig(WORKERS, backup, null, rounds, 1000, 1000, 1000, 120, null);
    }

    private static ParamTable train(List<WorkerShard> data, StragglerModel stragglers, PsConfig ps, ParamTable p0,
                                    Optimizer opt) {
        NetworkAdapter layout = new NetworkAdapter(MODEL.network(INPUT, SEED));
        RoundExecutor executor = new SparkRoundExecutor(jsc, rdd(data), new GradientTask(MODEL, INPUT, BATCH, SEED, stragglers));
        ParameterServer server = new ParameterServer(executor, flat -> EvalResult.EMPTY, layout,
                TrainingMethods.firstOrder(opt),
                BackupPolicy.from(ps.backup()), ps, SEED, null, null, line -> {});
        return server.train(new Checkpoint(0, SEED, p0, opt.init(p0), Map.of())).params();
    }

    /** One SGD step computed in this JVM on the union of the given workers' round-0 minibatches. */
    private static ParamTable singleJvmStep(List<Integer> workers, ParamTable p0, Optimizer opt) {
        return new UnionBatchStep(shards, MODEL, INPUT, BATCH, SEED).step(workers, p0, opt);
    }

    private static double relativeUpdateError(ParamTable actual, ParamTable expected, ParamTable p0) {
        return UnionBatchStep.relativeUpdateError(actual, expected, p0);
    }

    private static ParamTable initialParams() {
        return new NetworkAdapter(MODEL.network(INPUT, SEED)).params();
    }

    @Test
    void oneRoundWithoutBackupsEqualsOneLargeBatchStepInOneJvm() {
        Optimizer sgd = Optimizers.fromConfig(SgdConfig.of(0.1));
        ParamTable p0 = initialParams();
        ParamTable ps = train(shards, new NoStragglers(), rounds(1, new BackupConfig.None()), p0, sgd);
        ParamTable single = singleJvmStep(List.of(0, 1, 2, 3), p0, sgd);
        double err = relativeUpdateError(ps, single, p0);
        assertTrue(err < 1e-5, "relative difference of the updates: " + err);
    }

    @Test
    void staticBackupUsesTheFirstArrivalsAndDropsTheSlowWorker() {
        Optimizer sgd = Optimizers.fromConfig(SgdConfig.of(0.1));
        StragglerModel slowWorker2 = new SlowWorkers(List.of(2), 4000L, 1.0);
        RoundExecutor executor = new SparkRoundExecutor(jsc, rdd(shards), new GradientTask(MODEL, INPUT, BATCH, SEED, slowWorker2));
        INDArray flat = new NetworkAdapter(MODEL.network(INPUT, SEED)).flatParams();
        for (int round = 0; round < 3; round++) {
            RoundOutcome o = executor.run(round, flat, WORKERS - 1, Duration.ofMinutes(1), new GradientSum(flat.length()));
            assertEquals(List.of(0, 1, 3), o.acceptedWorkers(), "round " + round);
            assertEquals(List.of(2), o.cancelled(), "round " + round);
        }

        ParamTable p0 = initialParams();
        ParamTable ps = train(shards, slowWorker2, rounds(1, new BackupConfig.Static(1)), p0, sgd);
        double err = relativeUpdateError(ps, singleJvmStep(List.of(0, 1, 3), p0, sgd), p0);
        assertTrue(err < 1e-5, "update is not the mean over workers 0, 1, 3: " + err);
    }

    @Test
    void aWorkerWithNonFiniteGradientsIsRejectedAndTheRoundGoesOn() {
        List<WorkerShard> corrupt = new ArrayList<>(shards);
        WorkerShard s1 = shards.get(1);
        corrupt.set(1, new WorkerShard(1, s1.features().dup().assign(Double.NaN), s1.labels(), s1.ids()));
        RoundExecutor executor = new SparkRoundExecutor(jsc, rdd(corrupt), new GradientTask(MODEL, INPUT, BATCH, SEED, null));
        INDArray flat0 = new NetworkAdapter(MODEL.network(INPUT, SEED)).flatParams();
        RoundOutcome o = executor.run(0, flat0, WORKERS, Duration.ofMinutes(1), new GradientSum(flat0.length()));
        assertEquals(List.of(1), o.rejected());
        assertEquals(List.of(0, 2, 3), o.acceptedWorkers());

        Optimizer sgd = Optimizers.fromConfig(SgdConfig.of(0.1));
        ParamTable p0 = initialParams();
        ParamTable after = train(corrupt, new NoStragglers(), rounds(3, new BackupConfig.None()), p0, sgd);
        assertTrue(after.firstNonFinite().isEmpty(), "parameters became non-finite");
        double err = relativeUpdateError(train(corrupt, new NoStragglers(), rounds(1, new BackupConfig.None()), p0, sgd),
                singleJvmStep(List.of(0, 2, 3), p0, sgd), p0);
        assertTrue(err < 1e-5, "update should average the three finite workers: " + err);
    }
}
