package org.sparkharness.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.TestData;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.PhaseChange;
import org.sparkharness.executors.worker.ShiftedExponential;
import org.sparkharness.executors.worker.SlowWorkers;
import org.sparkharness.executors.worker.Spikes;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.ConfigException;
import org.sparkharness.optimizers.config.SgdConfig;

class ConfigLoaderTest {

    private static ConfigException failure(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, List.of(overrides)));
    }

    @Test
    void theShippedExampleLoadsWithItsValues() {
        HarnessConfig c = ConfigLoader.load(TestData.root().resolve("examples/fashion-mnist.yaml"), List.of());
        assertEquals(4, c.ps().workers());
        assertInstanceOf(AdamWConfig.class, c.optimizer());
        assertEquals(List.of(256, 128), ((MlpSpec) c.model()).hidden());
        assertInstanceOf(BackupConfig.None.class, c.ps().backup());
        assertEquals("local[4,4]", c.sparkMaster());
    }

    /** Every train and federate example binds and passes the jobs' cross-field checks (curate ones: CurateConfigTest). */
    @Test
    void everyShippedTrainingExampleLoadsAndValidates() throws Exception {
        List<java.nio.file.Path> files;
        try (var s = java.nio.file.Files.list(TestData.root().resolve("examples"))) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".yaml")
                    && !f.getFileName().toString().startsWith("curate-")).sorted().toList();
        }
        assertTrue(files.size() >= 15, files.toString());
        for (java.nio.file.Path f : files) {
            HarnessConfig c = ConfigLoader.load(f, List.of());
            if (f.getFileName().toString().startsWith("federated-")) {
                new org.sparkharness.driver.federated.FederateJob(c, line -> {});
            } else {
                new org.sparkharness.driver.TrainJob(c, line -> {});
            }
        }
        HarnessConfig regression = ConfigLoader.load(TestData.root().resolve("examples/table-regression.yaml"), List.of());
        assertTrue(regression.data().isRegression());
    }

    @Test
    void theDbwExampleLoadsWithTheDynamicPolicy() {
        HarnessConfig c = ConfigLoader.load(TestData.root().resolve("examples/fashion-mnist-dbw.yaml"), List.of());
        BackupConfig.Dynamic d = assertInstanceOf(BackupConfig.Dynamic.class, c.ps().backup());
        assertEquals(BackupConfig.Dynamic.ProgressModel.NOISE_SCALE, d.progressModel());
        assertEquals(BackupConfig.Dynamic.TimeModel.EMPIRICAL, d.timeModel());
        assertEquals(16, c.ps().workers());
        assertEquals(new ShiftedExponential(0L, 40.0), c.ps().stragglers());
    }

    @Test
    void dynamicBackupSettingsAreValidatedWithTheirPath() {
        assertEquals("ps.backup.timeModel", failure("ps: { backup: { policy: dynamic, timeModel: weibull } }\n").path());
        ConfigException progress = failure("ps: { backup: { policy: dynamic, progressModel: x } }\n");
        assertEquals("ps.backup.progressModel", progress.path());
        assertTrue(progress.getMessage().contains("must be one of noise-scale, descent-bound"), progress.getMessage());
        assertEquals("ps.backup.window", failure("ps: { backup: { policy: dynamic, warmupRounds: 10, window: 5 } }\n").path());
        assertEquals("ps.backup.emaDecay", failure("ps: { backup: { policy: dynamic, emaDecay: 1.0 } }\n").path());
        assertEquals("ps.backup.maxBackups", failure("ps: { backup: { policy: dynamic, minBackups: 3, maxBackups: 2 } }\n").path());
        assertEquals("ps.backup.minBackups", failure("ps: { workers: 4, backup: { policy: dynamic, minBackups: 4 } }\n").path());
        HarnessConfig c = ConfigLoader.parse("ps: { backup: { policy: dynamic, smoothness: 2.5, progressModel: descent-bound } }\n", List.of());
        assertEquals(c, ConfigLoader.parse(ConfigLoader.toYaml(c), List.of()), "dynamic config round-trips through YAML");
    }

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() {
        HarnessConfig c = ConfigLoader.parse("", List.of());
        assertEquals(42L, c.run().seed());
        assertEquals(64, c.data().batchSize());
        assertEquals(1000, c.ps().rounds());
    }

    @Test
    void anUnknownFieldIsNamedWithItsPathAndTheAllowedFields() {
        ConfigException e = failure("ps:\n  wrkers: 4\n");
        assertEquals("ps.wrkers", e.path());
        assertTrue(e.getMessage().contains("workers"), e.getMessage());
    }

    @Test
    void anUnknownOptimizerTypeListsTheAllowedNames() {
        ConfigException e = failure("optimizer: { type: adamx, lr: 0.1 }\n");
        assertEquals("optimizer.type", e.path());
        assertEquals("adamx", e.value());
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("adamw"), e.getMessage());
    }

    @Test
    void aNegativeLearningRateNamesTheField() {
        ConfigException e = failure("optimizer: { type: sgd, lr: -0.1 }\n");
        assertEquals("optimizer.lr", e.path());
    }

    @Test
    void aNanLearningRateIsRejected() {
        ConfigException e = failure("optimizer: { type: adamw, lr: NaN }\n");
        assertEquals("optimizer.lr", e.path());
    }

    @Test
    void staticBackupNeedsFewerBackupsThanWorkers() {
        ConfigException e = failure("ps: { workers: 4, backup: { policy: static, b: 4 } }\n");
        assertEquals("ps.backup.b", e.path());
        assertTrue(e.getMessage().contains("< ps.workers"), e.getMessage());
    }

    @Test
    void anUnknownBackupPolicyListsTheAllowedOnes() {
        ConfigException e = failure("ps: { backup: { policy: sometimes } }\n");
        assertEquals("ps.backup.policy", e.path());
        assertTrue(e.getMessage().contains("[none, static"), e.getMessage());
    }

    @Test
    void aWrongValueTypeSaysWhatWasExpected() {
        ConfigException e = failure("ps: { workers: many }\n");
        assertEquals("ps.workers", e.path());
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
    }

    @Test
    void invalidYamlReportsTheLine() {
        ConfigException e = failure("ps:\n  workers: [1, 2\n");
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void overridesApplyBeforeValidation() {
        HarnessConfig c = ConfigLoader.parse("optimizer: { type: adamw }\n",
                List.of("optimizer={type: sgd, lr: 0.5}", "ps.rounds=7", "ps.stragglers={model: slow-workers, workers: [1]}"));
        assertEquals(0.5, ((SgdConfig) c.optimizer()).lr());
        assertEquals(7, c.ps().rounds());
        assertEquals(List.of(1), ((SlowWorkers) c.ps().stragglers()).workers());
        assertEquals("ps.workers", failure("", "ps.workers=0").path());
    }

    @Test
    void theResolvedConfigRoundTripsThroughYaml() {
        HarnessConfig c = ConfigLoader.parse("ps: { backup: { policy: static, b: 2 }, stragglers: { model: slow-workers } }\n",
                List.of());
        String yaml = ConfigLoader.toYaml(c);
        assertEquals(c, ConfigLoader.parse(yaml, List.of()));
    }

    @Test
    void aPhaseChangeStragglerModelResolvesItsNestedModelsAndDefaults() {
        HarnessConfig c = ConfigLoader.parse("ps: { workers: 16, stragglers: { model: phase-change, switchRound: 200,"
                + " before: { model: shifted-exponential, shiftMs: 10, meanMs: 30 } } }\n", List.of());
        assertEquals(16, c.ps().workers());
        assertEquals(new PhaseChange(200L, new ShiftedExponential(10L, 30.0), new NoStragglers()),
                c.ps().stragglers());
    }

    /** Every straggler model, with nested bases, survives YAML → records → YAML → records unchanged. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{ model: spikes, probability: 0.1, delayMs: 300, base: { model: shifted-exponential, shiftMs: 5 } }",
        "{ model: slow-workers, workers: [1, 3], delayMs: 50, factor: 2.5, base: { model: spikes } }",
        "{ model: phase-change, switchRound: 100, after: { model: phase-change, switchRound: 300 } }"})
    void everyStragglerModelRoundTripsThroughYaml(String stragglers) {
        HarnessConfig c = ConfigLoader.parse("ps: { stragglers: " + stragglers + " }\n", List.of());
        assertEquals(c, ConfigLoader.parse(ConfigLoader.toYaml(c), List.of()));
    }

    @Test
    void aBadStragglerParameterIsNamedWithItsFullPath() {
        ConfigException e = failure("", "ps.stragglers={model: spikes, probability: 2}");
        assertEquals("ps.stragglers.probability", e.path());
        assertEquals("ps.stragglers.before.meanMs",
                failure("ps: { stragglers: { model: phase-change, switchRound: 5,"
                        + " before: { model: shifted-exponential, meanMs: -1 } } }\n").path());
        assertEquals("ps.stragglers.switchRound", failure("ps: { stragglers: { model: phase-change } }\n").path());
    }

    /** Every optimizer type, with nested bases, survives YAML → records → YAML → records unchanged. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{ type: sgd, lr: 0.1, momentum: 0.9, nesterov: true }",
        "{ type: adamw, lr: 2.0e-3, weightDecay: 0.1 }",
        "{ type: adafactor }",
        "{ type: adafactor, lr: 0.01, relativeStep: false, beta1: 0.9, weightDecay: 0.1 }",
        "{ type: adam-atan2, a: 1.0, b: 2.0 }",
        "{ type: lion, lr: 1.0e-4, weightDecay: 1.0 }",
        "{ type: sam, rho: 0.5, adaptive: true, base: { type: sgd, lr: 0.1, momentum: 0.9 } }",
        "{ type: sven, lr: 0.5, k: 16, kappa: 1.0 }",
        "{ type: saf, tau: 2, lambda: 0.16, minusEpoch: 2, base: { type: lion } }",
        "{ type: mesa, decay: 0.999, base: { type: adafactor } }"})
    void everyOptimizerConfigRoundTripsThroughYaml(String optimizer) {
        HarnessConfig c = ConfigLoader.parse("optimizer: " + optimizer + "\n", List.of());
        assertEquals(c, ConfigLoader.parse(ConfigLoader.toYaml(c), List.of()));
    }

    @Test
    void aWrapperNeedsABase() {
        ConfigException e = failure("optimizer: { type: sam, rho: 0.05 }\n");
        assertEquals("optimizer.base", e.path());
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("adamw"), e.getMessage());
    }

    @Test
    void aWrapperIsNotABase() {
        ConfigException e = failure("optimizer: { type: saf, base: { type: sam, base: { type: sgd, lr: 0.1 } } }\n");
        assertEquals("optimizer.base.type", e.path());
        assertEquals("sam", e.value());
    }

    @Test
    void anUnknownHyperparameterOfANestedBaseIsNamedWithItsPath() {
        ConfigException e = failure("optimizer: { type: sam, base: { type: lion, betas: [0.9, 0.99] } }\n");
        assertEquals("optimizer.base.betas", e.path());
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
    }

    @Test
    void aNegativeOrNanLearningRateFailsForEveryOptimizer() {
        for (String type : List.of("sgd", "adamw", "adam-atan2", "lion", "sven")) {
            String extra = type.equals("sven") ? ", k: 4" : "";
            assertEquals("optimizer.lr", failure("optimizer: { type: " + type + ", lr: -1.0e-3" + extra + " }\n").path(),
                    type);
            assertEquals("optimizer.lr", failure("optimizer: { type: " + type + ", lr: NaN" + extra + " }\n").path(),
                    type);
        }
        assertEquals("optimizer.base.lr", failure("optimizer: { type: sam, base: { type: adamw, lr: -1 } }\n").path());
        assertEquals("optimizer.lr",
                failure("optimizer: { type: adafactor, lr: -0.01, relativeStep: false }\n").path());
    }

    @Test
    void svenNeedsItsRank() {
        assertEquals("optimizer.k", failure("optimizer: { type: sven, lr: 0.1 }\n").path());
        assertEquals("optimizer.k", failure("optimizer: { type: sven, lr: 0.1, k: 0 }\n").path());
    }
}
