package org.sparkharness.data.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.testing.LocalSpark;

/** {@link PruneJob} equals {@link Selection} for every rule, whatever the input partitioning and order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PruneJobSparkIT {
    private static final int N = 3000;
    private static SparkSession spark;
    private static double[] el2n;
    private static double[] loss;
    private static long[] ids;
    private static int[] labels;
    private static Dataset<Row> table;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("PruneJobSparkIT", 3);
        Random rnd = new Random(17);
        el2n = new double[N];
        loss = new double[N];
        ids = new long[N];
        labels = new int[N];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ids[i] = 1_000_003L * i % 7919 + 100_000L * (i % 3);   // unique, not in data order
            labels[i] = rnd.nextInt(10) < 7 ? rnd.nextInt(3) : 3 + rnd.nextInt(7);   // unbalanced classes
            el2n[i] = Math.round(Math.pow(rnd.nextDouble(), 2) * 100) / 100.0;   // many ties
            loss[i] = i % 50 == 0 ? -0.0 : rnd.nextDouble();
            rows.add(RowFactory.create(ids[i], labels[i], el2n[i], loss[i]));
        }
        table = spark.createDataFrame(rows, new StructType().add("id", DataTypes.LongType)
                .add("label", DataTypes.IntegerType).add("el2n", DataTypes.DoubleType)
                .add("loss", DataTypes.DoubleType));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<PruneSettings> rules() {
        return List.of(
                PruneSettings.hardest(0.3),                         // default offset: skip the top 2 %
                PruneSettings.hardest(0.5),
                PruneSettings.hardest(0.2, 100).withScore("loss"),
                PruneSettings.easiest(0.4),
                PruneSettings.random(0.3, 9),
                PruneSettings.hardest(0.25, 0.04).withPerClass(true),
                PruneSettings.of(PruneMethod.RANDOM, 0.5).withPerClass(true).withSeed(3L),
                PruneSettings.stratified(0.2, 0.1, 50, 4));
    }

    @Test
    void everyRuleMatchesTheInMemorySelectionForAnyPartitioning() {
        int run = 0;
        for (PruneSettings s : rules()) {
            double[] scores = s.score().equals("loss") ? loss : el2n;
            Selection.Result expected = Selection.run(scores, ids, labels, s);
            PruneManifest want = PruneManifest.of(s, expected, scores, ids, labels);
            for (Dataset<Row> input : List.of(table.repartition(1), table.repartition(7).orderBy("loss"))) {
                String out = tmp.resolve("run-" + run++).toString();
                List<String> progress = new ArrayList<>();
                PruneManifest got = PruneJob.run(spark, input, s, out, progress::add);
                String what = s + " in " + input.rdd().getNumPartitions() + " partitions";
                assertEquals(want.keptIdsSha256(), got.keptIdsSha256(), what);
                assertEquals(want.nKept(), got.nKept(), what);
                assertEquals(want.offset(), got.offset(), what);
                assertEquals(want.misCount(), got.misCount(), what);
                assertEquals(want.firstKeptRank(), got.firstKeptRank(), what);
                assertEquals(want.lastKeptRank(), got.lastKeptRank(), what);
                assertEquals(want.firstKeptScore(), got.firstKeptScore(), what);
                assertEquals(want.lastKeptScore(), got.lastKeptScore(), what);
                assertEquals(want.classes(), got.classes(), what);
                if (want.strata() == null) {
                    assertNull(got.strata());
                } else {
                    assertArrayEquals(want.strata().edges(), got.strata().edges(), 0.0, what);
                    assertArrayEquals(want.strata().available(), got.strata().available(), what);
                    assertArrayEquals(want.strata().kept(), got.strata().kept(), what);
                }
                assertEquals(1, progress.size());

                // The Parquet subset lists the same examples in rank order with their ranks.
                List<Row> kept = spark.read().parquet(out + "/" + PruneJob.KEPT_DIR).collectAsList();
                assertEquals(List.of("id", "label", "score", "rank"),
                        List.of(spark.read().parquet(out + "/" + PruneJob.KEPT_DIR).columns()));
                assertEquals(expected.kept().length, kept.size(), what);
                List<Row> byRank = new ArrayList<>(kept);
                byRank.sort(java.util.Comparator.comparingLong(r -> r.getLong(3)));
                for (int j = 0; j < byRank.size(); j++) {
                    int i = expected.kept()[j];
                    assertEquals(ids[i], byRank.get(j).getLong(0), what + " position " + j);
                    assertEquals(labels[i], byRank.get(j).getInt(1));
                    assertEquals(expected.rank()[i], byRank.get(j).getLong(3));
                }
                PruneManifest onDisk = StageFiles.readJson(new org.apache.hadoop.fs.Path(out, PruneJob.MANIFEST_FILE),
                        PruneManifest.class);
                assertEquals(got.keptIdsSha256(), onDisk.keptIdsSha256());
                assertEquals(s, onDisk.settings());
            }
        }
    }

    @Test
    void manifestCountsAddUp() {
        PruneSettings s = PruneSettings.hardest(0.3);
        PruneManifest m = PruneJob.run(spark, table, s, tmp.resolve("counts").toString(), line -> { });
        assertEquals(N, m.nIn());
        assertEquals(900, m.budget());
        assertEquals(900, m.nKept());
        assertEquals(60, m.offset(), "2 % of 3000 skipped by default at f = 0.3");
        assertEquals(60L, m.firstKeptRank());
        assertEquals(959L, m.lastKeptRank());
        assertTrue(m.firstKeptScore() >= m.lastKeptScore());
        assertEquals(N, m.classes().stream().mapToLong(PruneManifest.ClassKept::in).sum());
        assertEquals(900, m.classes().stream().mapToLong(PruneManifest.ClassKept::kept).sum());
        for (PruneManifest.ClassKept c : m.classes()) assertEquals((double) c.kept() / c.in(), c.fraction(), 1e-15);
    }

    @Test
    void rejectsBadInput() {
        Dataset<Row> dup = table.union(table.limit(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneJob.run(spark, dup,
                PruneSettings.hardest(0.5), tmp.resolve("dup").toString(), line -> { })).getMessage()
                .contains("not unique"));
        assertThrows(IllegalArgumentException.class, () -> PruneJob.run(spark, table.drop("el2n"),
                PruneSettings.hardest(0.5), tmp.resolve("nocol").toString(), line -> { }));
    }
}
