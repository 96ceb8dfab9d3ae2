package org.sparkharness.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;

/** Training end to end through {@link TrainJob}: run folder contents, learning, checkpoint and resume. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainJobSparkIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path runs;

    @BeforeAll
    static void start() {
        jsc = new JavaSparkContext(SparkSetup.conf("train-job-test", "local[4]", Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    private static HarnessConfig config(String name, int rounds) {
        return config(name, rounds, "{ type: adamw, lr: 3.0e-3 }");
    }

    private static HarnessConfig config(String name, int rounds, String optimizer) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 11, output: %s }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [64] }
                optimizer: %s
                ps: { workers: 4, rounds: %d, evalEvery: 3, checkpointEvery: 3, logEvery: 100 }
                """.formatted(name, runs, TestData.miniFashionMnist(), optimizer, rounds), List.of());
    }

    private static TrainingSummary train(HarnessConfig c, RunDirectory run, boolean resume) {
        TrainJob job = new TrainJob(c, line -> {});
        return job.run(jsc, run, resume);
    }

    private static List<JsonNode> metrics(RunDirectory run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of(run.file("metrics.jsonl").toUri()))) out.add(json.readTree(line));
        return out;
    }

    @Test
    void aRunFolderHoldsConfigManifestMetricsCheckpointsAndModel() throws Exception {
        HarnessConfig c = config("learns", 60);
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        TrainingSummary s = train(c, run, false);

        assertTrue(s.lastEval().accuracy() > 0.6, "test accuracy after 60 rounds: " + s.lastEval().accuracy());
        Path dir = Path.of(run.root().toUri());
        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "model.zip", "summary.json", "report.html",
                "checkpoints/ckpt-000000060.bin")) {
            assertTrue(Files.exists(dir.resolve(f)), "missing " + f);
        }
        assertEquals(c, ConfigLoader.load(dir.resolve("config.yaml"), List.of()));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("3.5.9", manifest.at("/versions/spark").asText());
        assertTrue(manifest.at("/data/files").size() >= 4 || manifest.at("/data").size() >= 4, manifest.toString());
        List<JsonNode> m = metrics(run);
        assertEquals(60, m.size());
        for (int i = 0; i < m.size(); i++) {
            JsonNode e = m.get(i);
            assertEquals(i + 1, e.get("round").asInt());
            assertEquals(4, e.get("k").asInt());
            assertEquals(128, e.get("examples").asInt());
            assertTrue(e.get("round_ms").asDouble() > 0 && e.get("examples_per_s").asDouble() > 0);
        }
        assertTrue(m.get(59).has("test_accuracy") && m.get(2).has("test_accuracy") && !m.get(0).has("test_accuracy"));
        assertTrue(Files.list(dir.resolve("checkpoints")).count() <= 3, "old checkpoints are pruned");
    }

    @Test
    void resumingFromACheckpointGivesTheSameParametersAsAnUninterruptedRun() throws Exception {
        HarnessConfig whole = config("whole", 6);
        TrainingSummary uninterrupted = train(whole, RunDirectory.create(whole.run().output(), whole.run().name()), false);

        HarnessConfig firstHalf = config("split", 3);
        RunDirectory run = RunDirectory.create(firstHalf.run().output(), firstHalf.run().name());
        train(firstHalf, run, false);
        HarnessConfig extended = config("split", 6);
        RunDirectory again = RunDirectory.existing(extended.run().output(), extended.run().name(), null);
        assertEquals(run.root(), again.root(), "--resume picks the newest run folder");
        TrainingSummary resumed = train(extended, again, true);

        assertEquals(6, resumed.rounds());
        for (String name : uninterrupted.params().names()) {
            assertArrayEquals(uninterrupted.params().get(name).data().asFloat(), resumed.params().get(name).data().asFloat(),
                    0f, name);
        }
        List<JsonNode> m = metrics(again);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), m.stream().map(e -> e.get("round").asInt()).toList());
    }

    private static HarnessConfig dynamicConfig(String name, int rounds) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 11, output: %s }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [64] }
                optimizer: { type: sgd, lr: 0.1 }
                ps:
                  workers: 4
                  backup: { policy: dynamic, maxBackups: 1 }
                  stragglers: { model: slow-workers, workers: [3], delayMs: 400, factor: 1 }
                  rounds: %d
                  evalEvery: 100
                  checkpointEvery: 6
                  logEvery: 100
                """.formatted(name, runs, TestData.miniFashionMnist(), rounds), List.of());
    }

    /**
     * A worker 400 ms slower than the rest every round: after the warm-up DBW stops waiting for it, logs what it
     * predicted, plots b and the predicted round time into the run folder, and a resumed run keeps its estimates.
     */
    @Test
    void dynamicBackupLeavesAPersistentlySlowWorkerOutAndResumesWithItsHistory() throws Exception {
        HarnessConfig c = dynamicConfig("dbw", 12);
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        train(c, run, false);
        List<JsonNode> m = metrics(run);
        assertEquals(12, m.size());
        for (JsonNode e : m.subList(0, 3)) {
            assertEquals(0, e.get("b").asInt(), "warm-up round " + e.get("round"));
            assertEquals("warm-up", e.get("dbw").get("reason").asText());
        }
        List<JsonNode> decided = m.subList(3, m.size());
        long withoutSlow = decided.stream().filter(e -> e.get("b").asInt() == 1
                && e.get("cancelled").toString().equals("[3]")).count();
        assertTrue(withoutSlow >= decided.size() - 2, "rounds that left worker 3 out: " + withoutSlow + " of " + decided.size());
        for (JsonNode e : decided) {
            assertTrue(e.get("predicted_round_ms").asDouble() > 0, e.toString());
            assertTrue(e.get("dbw").has("noise_scale_workers"), e.toString());
            assertEquals(4, e.get("dbw").get("expected_wait_ms").size());
        }
        // The prediction for the rounds without the slow worker is far below its 400 ms.
        double predicted = decided.get(decided.size() - 1).get("predicted_round_ms").asDouble();
        assertTrue(predicted < 300, "predicted " + predicted + " ms");
        Path dir = Path.of(run.root().toUri());
        for (String plot : List.of("backup-workers.svg", "round-time-predicted.svg")) {
            assertTrue(Files.readString(dir.resolve(plot)).startsWith("<svg"), plot);
        }

        HarnessConfig extended = dynamicConfig("dbw", 15);
        RunDirectory again = RunDirectory.existing(extended.run().output(), extended.run().name(), null);
        train(extended, again, true);
        List<JsonNode> resumed = metrics(again);
        assertEquals(15, resumed.size());
        JsonNode first = resumed.get(12);
        assertEquals(13, first.get("round").asInt());
        assertTrue(first.get("dbw").has("noise_scale_workers"), "the resumed run started a new warm-up: " + first);
    }

    /**
     * The worker-side rules cross the wire: SAM and Sven run their extra passes in tasks, SAF ships past logits in
     * the broadcast and gets logits back (Kryo), MESA broadcasts its teacher. 250 examples per worker at batch 32 is
     * 7 rounds per epoch, so with E = 1 SAF's term is active from round 15.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{ type: sam, rho: 0.05, base: { type: adamw, lr: 3.0e-3 } }",
        "{ type: sven, lr: 0.2, k: 16 }",
        "{ type: saf, minusEpoch: 1, startEpoch: 0, base: { type: adamw, lr: 3.0e-3 } }",
        "{ type: mesa, startEpoch: 0, decay: 0.9, base: { type: adamw, lr: 3.0e-3 } }",
        "{ type: lion, lr: 3.0e-4 }", "{ type: adafactor }", "{ type: adam-atan2, lr: 3.0e-3 }"})
    void everyOptimizerTypeTrainsOnSpark(String optimizer) throws Exception {
        String type = optimizer.replaceAll(".*?type: ([a-z0-9-]+).*", "$1");
        HarnessConfig c = config("opt-" + type, 24, optimizer);
        TrainingSummary s = train(c, RunDirectory.create(c.run().output(), c.run().name()), false);
        assertEquals(24, s.rounds());
        assertTrue(s.lastEval().accuracy() > 0.5, type + ": test accuracy " + s.lastEval().accuracy());
    }
}
