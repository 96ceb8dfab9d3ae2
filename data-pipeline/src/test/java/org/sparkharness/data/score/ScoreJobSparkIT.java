package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.testing.RepoPaths;

/** {@link ScoreJob} on the committed 1,000-example Fashion-MNIST subset, K = 2 runs of 1 epoch. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScoreJobSparkIT {
    private static SparkSession spark;
    private static LabeledImages train;
    private static final ScoreSettings SETTINGS = ScoreSettings.defaults().withRuns(2).withEpochs(1).withBatchSize(64)
            .withSeed(7L).withEvalBatch(300).withMeasureOverhead(true);

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ScoreJobSparkIT", 3);
        train = FashionMnist.load(RepoPaths.testdata("fashion-mnist-mini").toString(), Split.TRAIN);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void scoresArePartitionIndependentEqualTheSingleJvmPathAndModelsAreReused() throws Exception {
        String out = tmp.resolve("clean").toString();
        List<String> progress = new ArrayList<>();
        ScoreStats first = ScoreJob.run(spark, train, SETTINGS, out, progress::add);

        // Models saved, Parquet and stats written, progress per run and per scoring pass.
        assertTrue(Files.isRegularFile(Path.of(out, "models", "run-0.zip")));
        assertTrue(Files.isRegularFile(Path.of(out, "models", "run-1.zip")));
        assertTrue(Files.isRegularFile(Path.of(out, "stats.json")));
        assertEquals(2, progress.stream().filter(l -> l.contains("trained")).count(), progress.toString());
        assertEquals(1, progress.stream().filter(l -> l.startsWith("scoring pass")).count(), progress.toString());
        assertEquals(3, first.cost().scoringPartitions());
        assertEquals(2, first.cost().runsTrained());
        assertNotNull(first.cost().overheadRatio());
        List<Row> rows = sorted(ScoreJob.readScores(spark, out).collectAsList());
        assertEquals(List.of("id", "label", "el2n", "grand", "loss", "el2n_runs"),
                List.of(ScoreJob.readScores(spark, out).columns()));
        assertEquals(1000, rows.size());

        // Same seeds in one JVM without Spark: the same models, hence the same scores.
        ScoreTable local = SingleJvmScores.compute(TrainingArrays.of(train), SETTINGS, line -> { });
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(local.ids()[i], r.getLong(0));
            assertEquals(local.labels()[i], r.getInt(1));
            assertEquals(local.el2n()[i], r.getDouble(2), 1e-6);
            assertEquals(local.grand()[i], r.getDouble(3), 1e-6);
            assertEquals(local.loss()[i], r.getDouble(4), 1e-6);
            List<Double> perRun = r.getList(5);
            assertEquals(local.el2nRuns()[0][i], perRun.get(0), 1e-6);
            assertEquals(local.el2nRuns()[1][i], perRun.get(1), 1e-6);
        }

        // Rerun with one scoring partition: nothing retrained, model files untouched, identical scores.
        byte[] model0 = Files.readAllBytes(Path.of(out, "models", "run-0.zip"));
        long modified = Files.getLastModifiedTime(Path.of(out, "models", "run-0.zip")).toMillis();
        List<String> again = new ArrayList<>();
        ScoreStats second = ScoreJob.run(spark, train, SETTINGS.withScorePartitions(1), out, again::add);
        assertEquals(0, second.cost().runsTrained());
        assertEquals(2, second.cost().runsReused());
        assertEquals(1, second.cost().scoringPartitions());
        assertEquals(2, again.stream().filter(l -> l.contains("reused")).count(), again.toString());
        assertArrayEquals(model0, Files.readAllBytes(Path.of(out, "models", "run-0.zip")));
        assertEquals(modified, Files.getLastModifiedTime(Path.of(out, "models", "run-0.zip")).toMillis());
        List<Row> rerun = sorted(ScoreJob.readScores(spark, out).collectAsList());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).getDouble(2), rerun.get(i).getDouble(2), 0.0, "el2n bit-identical");
            assertEquals(rows.get(i).getDouble(3), rerun.get(i).getDouble(3), 0.0, "grand bit-identical");
            assertEquals(rows.get(i).getDouble(4), rerun.get(i).getDouble(4), 0.0, "loss bit-identical");
        }

        // stats.json reads back and describes the scores.
        ScoreStats stats = StageFiles.readJson(new org.apache.hadoop.fs.Path(out, ScoreJob.STATS_FILE),
                ScoreStats.class);
        assertEquals(1000, stats.n());
        assertEquals(2, stats.runs());
        assertEquals(16, stats.stepsPerRun(), "1 epoch of ceil(1000 / 64) steps");
        assertEquals(List.of("el2n", "grand", "loss"), List.copyOf(stats.scores().keySet()));
        double[] el2n = rows.stream().mapToDouble(r -> r.getDouble(2)).sorted().toArray();
        assertEquals(el2n[0], stats.scores().get("el2n").percentiles().get("p0"), 0.0);
        assertEquals(el2n[999], stats.scores().get("el2n").percentiles().get("p100"), 0.0);
        assertEquals(1000, java.util.Arrays.stream(stats.scores().get("el2n").histogram().counts()).sum());
        assertEquals(10, stats.classMeanEl2n().length);
        assertNotNull(stats.stability());
        assertTrue(stats.stability().spearmanRun0Run1() > 0.5, "two runs agree: " + stats.stability());
        assertNull(stats.noise());
    }

    @Test
    void injectedNoiseIsRecordedAndExactGrandBoundsTheLastLayerPart() {
        String out = tmp.resolve("noisy").toString();
        ScoreSettings noisy = SETTINGS.withLabelNoise(0.2).withNoiseSeed(5L).withGrand(GrandMode.EXACT)
                .withMeasureOverhead(false);
        ScoreStats stats = ScoreJob.run(spark, train, noisy, out, line -> { });
        List<Row> rows = sorted(ScoreJob.readScores(spark, out).collectAsList());
        assertEquals(List.of("id", "label", "el2n", "grand", "loss", "el2n_runs", "original_label", "noisy"),
                List.of(ScoreJob.readScores(spark, out).columns()));
        int[] expected = LabelNoise.shuffle(train.labels(), 0.2, 5L);
        int flipped = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(expected[i], r.getInt(1), "scored with the noisy label");
            assertEquals(train.label(i), r.getInt(6));
            assertEquals(expected[i] != train.label(i), r.getBoolean(7));
            if (r.getBoolean(7)) flipped++;
        }
        assertEquals(200, stats.noise().shuffled());
        assertEquals(flipped, stats.noise().changed());
        assertTrue(flipped > 150 && flipped < 200, "most shuffled labels change: " + flipped);

        // The last layer's gradient is part of the full gradient, so its norm can only be smaller.
        TrainingArrays data = TrainingArrays.of(train).withLabels(expected);
        ScoringNetwork model = ScoringNetwork.of(SETTINGS.model(), data);
        Dl4jNetwork plain = model.build(0);
        java.util.function.IntFunction<Dl4jNetwork> saved = k -> model.withParams(
                ScoreJob.inferenceParams(ScoreJob.readModel(ScoreJob.modelPath(out, k)), plain, model));
        List<Dl4jNetwork> nets = List.of(saved.apply(0), saved.apply(1));
        ScoreTable lastLayer = SingleJvmScores.score(data, nets, GrandMode.LAST_LAYER, 300, null);
        for (int i = 0; i < rows.size(); i++) {
            double exact = rows.get(i).getDouble(3);
            assertTrue(exact >= lastLayer.grand()[i] * (1 - 1e-5), "row " + i + ": " + exact + " < "
                    + lastLayer.grand()[i]);
            assertEquals(lastLayer.el2n()[i], rows.get(i).getDouble(2), 0.0);
        }
    }

    @Test
    void refusesToMixModelsTrainedWithOtherSettings() {
        String out = tmp.resolve("mixed").toString();
        ScoreSettings one = ScoreSettings.defaults().withRuns(1).withEpochs(1).withBatchSize(64).withSeed(7L)
                .withGrand(GrandMode.NONE).withEvalBatch(500);
        ScoreJob.run(spark, train, one, out, line -> { });
        ScoreSettings otherLr = ScoreSettings.defaults().withRuns(1).withEpochs(1).withBatchSize(64).withLr(0.01)
                .withSeed(7L).withGrand(GrandMode.NONE).withEvalBatch(500);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ScoreJob.run(spark, train, otherLr, out, line -> { }));
        assertTrue(e.getMessage().contains("models trained with"), e.getMessage());
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingLong(r -> r.getLong(0)));
        return copy;
    }
}
