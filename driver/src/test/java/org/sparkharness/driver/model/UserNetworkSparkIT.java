package org.sparkharness.driver.model;

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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;

/**
 * The user's own DL4J networks through the parameter server: a two-branch ComputationGraph from a JSON file (the
 * example under examples/models), the built-in MLP written out as JSON, and a saved model zip to continue from.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UserNetworkSparkIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path runs;

    @BeforeAll
    static void start() {
        jsc = new JavaSparkContext(SparkSetup.conf("user-network-test", "local[2]", Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    private static Path graphJson() {
        return Path.of(System.getProperty("harness.root", "..")).resolve("examples/models/two-branch-graph.json");
    }

    private static HarnessConfig config(String name, String model, int rounds) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 11, output: %s }
                data: { dir: %s, batchSize: 32 }
                model: %s
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: %d, evalEvery: 10, checkpointEvery: 5, logEvery: 100 }
                """.formatted(name, runs, TestData.miniFashionMnist(), model, rounds), List.of());
    }

    private static TrainingSummary train(HarnessConfig c, RunDirectory run, boolean resume, List<String> log) {
        return new TrainJob(c, log::add).run(jsc, run, resume);
    }

    private static List<Double> losses(RunDirectory run) throws Exception {
        List<Double> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of(run.file("metrics.jsonl").toUri()))) {
            JsonNode n = json.readTree(line);
            out.add(n.get("loss").asDouble());
        }
        return out;
    }

    private static void assertSameParams(TrainingSummary a, TrainingSummary b) {
        assertEquals(a.params().names(), b.params().names());
        for (String name : a.params().names()) {
            assertArrayEquals(a.params().get(name).data().asFloat(), b.params().get(name).data().asFloat(), 0f, name);
        }
    }

    @Test
    void aTwoBranchGraphTrainsWithFallingLossAndResumesBitForBit() throws Exception {
        String model = "{ type: dl4j, config: " + graphJson() + " }";
        HarnessConfig whole = config("graph", model, 20);
        List<String> log = new ArrayList<>();
        RunDirectory wholeRun = RunDirectory.create(whole.run().output(), whole.run().name());
        TrainingSummary uninterrupted = train(whole, wholeRun, false, log);
        assertTrue(log.stream().anyMatch(l -> l.contains("Adam updater (3 layers) is replaced")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("model: ComputationGraph, 63,610 parameters")), log.toString());
        List<Double> loss = losses(wholeRun);
        double first = loss.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = loss.subList(15, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.7 * first, "loss falls: first rounds " + first + ", last rounds " + last);
        assertTrue(uninterrupted.params().names().contains("wide_W"), uninterrupted.params().names().toString());
        // model.zip is the graph, loadable by DL4J.
        ComputationGraph saved = ModelSerializer.restoreComputationGraph(Path.of(wholeRun.file("model.zip").toUri()).toFile(), false);
        assertEquals(uninterrupted.params().get("classes_b").length(), saved.getParam("classes_b").length());

        HarnessConfig half = config("graph-split", model, 10);
        RunDirectory split = RunDirectory.create(half.run().output(), half.run().name());
        train(half, split, false, new ArrayList<>());
        TrainingSummary resumed = train(config("graph-split", model, 20), split, true, new ArrayList<>());
        assertSameParams(uninterrupted, resumed);
    }

    @Test
    void theBuiltInMlpWrittenAsJsonTrainsBitIdenticallyToTypeMlp() throws Exception {
        Path json = runs.resolve("mlp.json");
        Files.writeString(json, new MlpSpec(List.of(32), null).configuration(InputShape.fashionMnist(), 11).toJson());
        TrainingSummary builtIn = train(config("mlp", "{ type: mlp, hidden: [32] }", 8), null, false, new ArrayList<>());
        TrainingSummary fromJson = train(config("mlp-json", "{ type: dl4j, config: " + json + " }", 8), null, false,
                new ArrayList<>());
        assertSameParams(builtIn, fromJson);
    }

    @Test
    void aSavedModelZipIsWhereTrainingStarts() throws Exception {
        HarnessConfig source = config("source", "{ type: dl4j, config: " + graphJson() + " }", 15);
        RunDirectory sourceRun = RunDirectory.create(source.run().output(), source.run().name());
        train(source, sourceRun, false, new ArrayList<>());
        Path zip = Path.of(sourceRun.file("model.zip").toUri());

        List<String> log = new ArrayList<>();
        HarnessConfig continued = config("continued", "{ type: dl4j, path: " + zip + " }", 5);
        RunDirectory continuedRun = RunDirectory.create(continued.run().output(), continued.run().name());
        train(continued, continuedRun, false, log);
        assertTrue(log.stream().anyMatch(l -> l.contains("training continues from the 63,610 weights")), log.toString());
        HarnessConfig fresh = config("fresh", "{ type: dl4j, config: " + graphJson() + " }", 5);
        RunDirectory freshRun = RunDirectory.create(fresh.run().output(), fresh.run().name());
        train(fresh, freshRun, false, new ArrayList<>());
        double continuedStart = losses(continuedRun).get(0), freshStart = losses(freshRun).get(0);
        double sourceEnd = losses(sourceRun).subList(10, 15).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(continuedStart < 0.8 * freshStart, "starts from the saved weights: first loss " + continuedStart
                + " against a fresh run's " + freshStart + " (the source run ended near " + sourceEnd + ")");
    }
}
