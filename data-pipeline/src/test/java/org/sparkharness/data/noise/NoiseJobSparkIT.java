package org.sparkharness.data.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.score.ScoreJob;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.testing.RepoPaths;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoiseJobSparkIT {
    private static final int N = 2000;
    private static SparkSession spark;
    private static long[] ids;
    private static boolean[] noisy;
    private static double[] el2n;
    private static double[] grand;
    private static double[] loss;
    private static Dataset<Row> table;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("NoiseJobSparkIT", 3);
        Random rnd = new Random(12);
        ids = new long[N];
        noisy = new boolean[N];
        el2n = new double[N];
        grand = new double[N];
        loss = new double[N];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ids[i] = N - i;
            noisy[i] = rnd.nextDouble() < 0.1;
            double shift = noisy[i] ? 0.6 : 0;
            el2n[i] = Math.round((rnd.nextDouble() + shift) * 50) / 50.0;   // ties
            grand[i] = el2n[i] * 3 + rnd.nextDouble();
            loss[i] = rnd.nextDouble() + shift / 3;
            rows.add(RowFactory.create(ids[i], i % 10, el2n[i], grand[i], loss[i], noisy[i]));
        }
        table = spark.createDataFrame(rows, new StructType().add("id", DataTypes.LongType)
                .add("label", DataTypes.IntegerType).add("el2n", DataTypes.DoubleType)
                .add("grand", DataTypes.DoubleType).add("loss", DataTypes.DoubleType)
                .add("noisy", DataTypes.BooleanType));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void flagsTheTopAndMeasuresEveryScoreAgainstTheGroundTruth() {
        int nNoisy = Ranking.count(noisy);
        for (Dataset<Row> input : List.of(table.repartition(1), table.repartition(5))) {
            String out = tmp.resolve("auto-" + input.rdd().getNumPartitions()).toString();
            NoiseReport r = NoiseJob.run(spark, input, NoiseSettings.auto(), out, line -> { });
            assertEquals(N, r.n());
            assertEquals((long) nNoisy, r.noisy());
            assertEquals(nNoisy, r.flagged(), "auto flags n_noisy");
            assertEquals(List.of("el2n", "grand", "loss"), List.copyOf(r.metrics().keySet()));
            assertEquals(Ranking.auroc(el2n, noisy), r.metrics().get("el2n").auroc(), 0.0);
            assertEquals(Ranking.auroc(loss, noisy), r.metrics().get("loss").auroc(), 0.0);
            assertEquals(Ranking.precisionAtK(grand, ids, noisy, nNoisy),
                    r.metrics().get("grand").precisionAtNoisy(), 0.0);
            assertEquals(r.metrics().get("el2n").precisionAtNoisy(), r.flaggedPrecision(), 1e-15,
                    "flagging n_noisy by el2n is precision at n_noisy");
            assertTrue(r.metrics().get("el2n").auroc() > 0.8 && r.metrics().get("loss").auroc() < 0.8,
                    "the synthetic el2n separates better than loss: " + r.metrics());

            List<Row> flagged = new ArrayList<>(spark.read().parquet(out + "/" + NoiseJob.FLAGGED_DIR).collectAsList());
            flagged.sort(Comparator.comparingLong(row -> row.getLong(3)));
            long[] want = java.util.Arrays.stream(Ranking.top(el2n, ids, nNoisy)).mapToLong(i -> ids[i]).toArray();
            assertArrayEquals(want, flagged.stream().mapToLong(row -> row.getLong(0)).toArray(),
                    "the highest el2n, ties by id");
            assertEquals(List.of("id", "label", "el2n", "rank", "noisy"),
                    List.of(spark.read().parquet(out + "/" + NoiseJob.FLAGGED_DIR).columns()));
            NoiseReport onDisk = StageFiles.readJson(new org.apache.hadoop.fs.Path(out, NoiseJob.STATS_FILE),
                    NoiseReport.class);
            assertEquals(r.metrics(), onDisk.metrics());
            assertEquals((long) nNoisy, r.flaggedPerClass().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void withoutGroundTruthFlagsAFractionAndReportsNoMetrics() {
        Dataset<Row> plain = table.drop("noisy");
        NoiseReport r = NoiseJob.run(spark, plain, NoiseSettings.defaults(), tmp.resolve("plain").toString(),
                line -> { });
        assertEquals(200, r.flagged(), "10 % by default");
        assertNull(r.metrics());
        assertNull(r.noisy());
        assertThrows(IllegalArgumentException.class, () -> NoiseJob.run(spark, plain, NoiseSettings.auto(),
                tmp.resolve("auto-no-truth").toString(), line -> { }));
    }

    @Test
    void detectsInjectedNoiseInRealScores() {
        String scores = tmp.resolve("scores").toString();
        ScoreSettings settings = ScoreSettings.defaults().withRuns(2).withEpochs(3).withBatchSize(64).withSeed(1L)
                .withLabelNoise(0.1).withNoiseSeed(3L);
        ScoreJob.run(spark, FashionMnist.load(RepoPaths.testdata("fashion-mnist-mini").toString(), Split.TRAIN),
                settings, scores, line -> { });
        NoiseReport r = NoiseJob.run(spark, ScoreJob.readScores(spark, scores), NoiseSettings.auto(),
                tmp.resolve("real").toString(), line -> { });
        assertTrue(r.noisy() > 50 && r.noisy() <= 100, "about 90 of 100 shuffled labels change: " + r.noisy());
        assertEquals(List.of("el2n", "grand", "loss"), List.copyOf(r.metrics().keySet()));
        for (NoiseReport.Metric m : r.metrics().values()) {
            assertTrue(m.auroc() > 0.6, "mislabelled examples score higher even after 3 epochs on 1,000: " + r);
        }
    }
}
