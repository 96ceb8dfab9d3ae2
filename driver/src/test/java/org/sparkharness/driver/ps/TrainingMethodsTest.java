package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.worker.PlainGradient;
import org.sparkharness.executors.worker.SharpnessAwareGradient;
import org.sparkharness.executors.worker.SvenDirection;
import org.sparkharness.executors.worker.TrajectoryGradient;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.OptimizerConfig;

/**
 * Every optimizer type trains through the parameter server's round loop (workers in-process, same task code as on
 * Spark) and resumes exactly from a checkpoint, including SAF's logit memory and MESA's teacher.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TrainingMethodsTest {
    private static final MlpSpec MODEL = new MlpSpec(List.of(32), null);
    private static final int WORKERS = 2, BATCH = 50;
    private static FashionMnist.Loaded data;

    @BeforeAll
    static void load() {
        data = FashionMnist.loadAll(TestData.miniFashionMnist());
    }

    static OptimizerConfig optimizer(String yaml) {
        return ConfigLoader.parse("optimizer: " + yaml + "\n", List.of()).optimizer();
    }

    private static final String ADAMW = "{ type: adamw, lr: 3.0e-3 }";

    static String yamlFor(String type) {
        return switch (type) {
            case "sgd" -> "{ type: sgd, lr: 0.1, momentum: 0.9 }";
            case "adamw" -> ADAMW;
            case "sam" -> "{ type: sam, rho: 0.05, base: " + ADAMW + " }";
            case "asam" -> "{ type: sam, rho: 0.5, adaptive: true, base: " + ADAMW + " }";
            case "sven" -> "{ type: sven, lr: 0.05, k: 16 }";
            // 500 examples per worker / 50 = 10 rounds per epoch: with E = 1 the term is active from round 11.
            case "saf" -> "{ type: saf, minusEpoch: 1, startEpoch: 0, base: " + ADAMW + " }";
            case "mesa" -> "{ type: mesa, decay: 0.9, startEpoch: 0, base: " + ADAMW + " }";
            default -> "{ type: " + type + " }";
        };
    }

    private static TrainingSummary train(String type, int rounds, CheckpointStore store, boolean resume) {
        PsConfig ps = new PsConfig(WORKERS, null, null, rounds, rounds, 10, 1000, 60, null);
        return new InProcessTraining(MODEL, optimizer(yamlFor(type)), ps, BATCH, 3)
                .run(data.train(), data.test(), store, resume, line -> {});
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adamw", "sam", "asam", "sven", "saf", "mesa"})
    void everyOptimizerLearnsTheMiniDatasetThroughTheRoundLoop(String type) {
        TrainingSummary s = train(type, 40, null, false);
        assertTrue(s.lastEval().accuracy() > 0.55, type + ": test accuracy after 40 rounds " + s.lastEval().accuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"saf", "mesa", "sam"})
    void resumingGivesTheSameParametersAsAnUninterruptedRun(String type, @TempDir Path dir) throws Exception {
        TrainingSummary whole = train(type, 30, null, false);
        CheckpointStore store = new CheckpointStore(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(dir.toUri()), 3);
        train(type, 20, store, false);
        TrainingSummary resumed = train(type, 30, store, true);
        ParamTable a = whole.params(), b = resumed.params();
        for (String n : a.names()) {
            assertArrayEquals(a.get(n).data().asFloat(), b.get(n).data().asFloat(), 0f, type + " " + n);
        }
    }

    @org.junit.jupiter.api.Test
    void eachConfigMapsToItsWorkerRuleAndServerOptimizer() {
        TrainingMethods.RunShape shape = new TrainingMethods.RunShape(new int[] {2}, 1, 0, 10, t -> null);
        assertInstanceOf(PlainGradient.class, TrainingMethods.of(optimizer(yamlFor("adamw")), shape).rule());
        TrainingMethod sam = TrainingMethods.of(optimizer(yamlFor("asam")), shape);
        assertEquals(new SharpnessAwareGradient(0.5, true), sam.rule());
        assertEquals("adamw", sam.serverOptimizer().name());
        assertEquals("sam", sam.configured().name());
        TrainingMethod sven = TrainingMethods.of(optimizer(yamlFor("sven")), shape);
        assertEquals(new SvenDirection(16, 1e-3, 2.0, 1e-10), sven.rule());
        assertEquals("sgd", sven.serverOptimizer().name());
        assertEquals(new TrajectoryGradient(5, 0.3, true), TrainingMethods.of(optimizer(yamlFor("saf")), shape).rule());
        assertEquals(new TrajectoryGradient(5, 0.8, false), TrainingMethods.of(optimizer(yamlFor("mesa")), shape).rule());
    }

    /** Java 17 has no exhaustive switch over a sealed type: this walks OptimizerConfig's permitted records instead. */
    @org.junit.jupiter.api.Test
    void everyOptimizerConfigHasExactlyOneTrainingMethod() {
        List<Class<?>> configs = new java.util.ArrayList<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(OptimizerConfig.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) todo.addAll(List.of(c.getPermittedSubclasses()));
            else configs.add(c);
        }
        assertTrue(configs.size() >= 9, configs.toString());
        for (Class<?> c : configs) {
            long n = TrainingMethods.METHODS.stream().filter(r -> r.type().isAssignableFrom(c)).count();
            assertEquals(1, n, c.getSimpleName() + " needs exactly one registration in TrainingMethods.METHODS");
        }
    }
}
