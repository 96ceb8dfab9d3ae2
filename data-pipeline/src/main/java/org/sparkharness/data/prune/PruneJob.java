package org.sparkharness.data.prune;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.score.ScoreStatistics;

/**
 * Applies a {@link PruneSettings} rule to a score table in Spark, with the semantics of {@link Selection}.
 *
 * <p>The global hardness rank is computed with {@code orderBy(score desc, id asc)} + {@code zipWithIndex} on the
 * persisted sorted rows; per-class and per-bin orders use windows; random orders use the keyed hash of (seed, id)
 * as a UDF calling {@link KeyedHash}. Every order is total (ids are checked unique), so the kept set does not depend
 * on partitioning. Small per-class and per-bin counts are collected to the driver, where the budgets are computed by
 * the same functions as {@link Selection}.
 *
 * <p>Writes Parquet {@code outDir/kept} (id, label, score, rank; sorted by rank) and {@code outDir/manifest.json}.
 * Input columns: {@code id} (long), {@code label} (int) and the settings' score column (double, no NaN or null).
 */
public final class PruneJob {
    public static final String KEPT_DIR = "kept";
    public static final String MANIFEST_FILE = "manifest.json";

    private PruneJob() {}

    public static PruneManifest run(SparkSession spark, Dataset<Row> scores, PruneSettings settings, String outDir,
                                    Consumer<String> progress) {
        String scoreColumn = settings.score();
        for (String c : List.of("id", "label", scoreColumn)) {
            if (!Arrays.asList(scores.columns()).contains(c)) {
                throw new IllegalArgumentException("the score table has no column " + c + ": " + Arrays.toString(
                        scores.columns()));
            }
        }
        // -0.0 becomes 0.0 so that Spark's sort and Selection's comparator agree.
        Column score = col(scoreColumn).cast("double");
        Dataset<Row> base = scores.select(col("id").cast("long").as("id"), col("label").cast("int").as("label"),
                when(score.equalTo(0.0), lit(0.0)).otherwise(score).as("score"));
        Row check = base.agg(count(lit(1)), sum(when(col("score").isNull().or(isnan(col("score"))), 1).otherwise(0)),
                countDistinct(col("id"))).first();
        long n = check.getLong(0);
        long bad = check.isNullAt(1) ? 0 : check.getLong(1);
        if (bad > 0) throw new IllegalArgumentException(bad + " rows have a null or NaN " + scoreColumn);
        if (check.getLong(2) != n) {
            throw new IllegalArgumentException("ids are not unique: " + check.getLong(2) + " distinct of " + n);
        }
        Map<Integer, Long> classSizes = new TreeMap<>();
        for (Row r : base.groupBy("label").count().collectAsList()) classSizes.put(r.getInt(0), r.getLong(1));

        List<JavaRDD<Row>> cached = new ArrayList<>();
        Dataset<Row> ranked = withIndex(spark, base.orderBy(desc("score"), asc("id")), "rank", cached)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            int k = settings.budget(n);
            int m = settings.offsetCount(n);
            int misCount = settings.misCount(n);
            Selection.Strata[] strata = new Selection.Strata[1];
            Dataset<Row> kept = select(spark, ranked, settings, n, k, m, misCount, classSizes, strata, cached)
                    .select("id", "label", "score", "rank").orderBy("rank");
            kept.write().mode(SaveMode.Overwrite).parquet(new Path(outDir, KEPT_DIR).toString());

            List<Row> rows = spark.read().parquet(new Path(outDir, KEPT_DIR).toString()).collectAsList();
            long[] ids = new long[rows.size()];
            int[] labels = new int[rows.size()];
            double[] keptScores = new double[rows.size()];
            long[] ranks = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                ids[i] = r.getLong(0);
                labels[i] = r.getInt(1);
                keptScores[i] = r.getDouble(2);
                ranks[i] = r.getLong(3);
            }
            PruneManifest manifest = PruneManifest.of(settings, n, k, m, misCount, strata[0], ids, labels, ranks,
                    keptScores, classSizes);
            StageFiles.writeJson(new Path(outDir, MANIFEST_FILE), manifest);
            progress.accept(String.format("pruned %s by %s: kept %d of %d (f = %s, offset %d)%s",
                    settings.method().configName(), scoreColumn, manifest.nKept(), n, settings.keep(), m,
                    manifest.firstKeptScore() == null ? "" : String.format(", scores %.4f .. %.4f",
                            manifest.firstKeptScore(), manifest.lastKeptScore())));
            return manifest;
        } finally {
            ranked.unpersist();
            for (JavaRDD<Row> rdd : cached) rdd.unpersist(false);
        }
    }

    private static Dataset<Row> select(SparkSession spark, Dataset<Row> ranked, PruneSettings s, long n, int k,
                                       int m, int misCount, Map<Integer, Long> classSizes,
                                       Selection.Strata[] strataOut, List<JavaRDD<Row>> cached) {
        UserDefinedFunction hash = hashUdf(s.seed());
        PruneMethod method = s.method();
        if (method == PruneMethod.STRATIFIED) {
            return stratified(spark, ranked, s, n, k, misCount, hash, strataOut);
        }
        Column[] order = switch (method) {
            case HARDEST -> new Column[] {col("rank").asc()};
            case EASIEST -> new Column[] {col("score").asc(), col("id").asc()};
            case RANDOM -> new Column[] {hash.apply(col("id")).asc(), col("id").asc()};
            case STRATIFIED -> throw new IllegalStateException();
        };
        if (!s.perClass()) {
            int from = method == PruneMethod.HARDEST ? m : 0;
            if (from + (long) k > n) {
                throw new IllegalArgumentException("offset " + from + " + budget " + k + " exceeds the " + n
                        + " examples");
            }
            Dataset<Row> positioned = method == PruneMethod.HARDEST
                    ? ranked.withColumn("pos", col("rank"))
                    : withIndex(spark, ranked.orderBy(order), "pos", cached);
            return positioned.filter(col("pos").geq(from).and(col("pos").lt(from + k)));
        }
        List<Row> windows = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : classSizes.entrySet()) {
            long size = e.getValue();
            int kc = Selection.classBudget(s.keep(), size);
            int mc = method == PruneMethod.HARDEST ? Selection.classOffset(m, n, size) : 0;
            if (mc + (long) kc > size) {
                throw new IllegalArgumentException("offset " + mc + " + budget " + kc + " exceeds the " + size
                        + " examples in class " + e.getKey());
            }
            windows.add(RowFactory.create(e.getKey(), (long) mc, (long) (mc + kc)));
        }
        Dataset<Row> bounds = spark.createDataFrame(windows, new StructType()
                .add("w_label", DataTypes.IntegerType).add("w_from", DataTypes.LongType)
                .add("w_to", DataTypes.LongType));
        return ranked.withColumn("pos", row_number().over(Window.partitionBy("label").orderBy(order)).minus(1))
                .join(org.apache.spark.sql.functions.broadcast(bounds), col("label").equalTo(col("w_label")))
                .filter(col("pos").geq(col("w_from")).and(col("pos").lt(col("w_to"))));
    }

    private static Dataset<Row> stratified(SparkSession spark, Dataset<Row> ranked, PruneSettings s, long n, int k,
                                           int misCount, UserDefinedFunction hash,
                                           Selection.Strata[] strataOut) {
        Dataset<Row> pool = ranked.filter(col("rank").geq(misCount));
        long poolSize = n - misCount;
        if (k > poolSize) {
            throw new IllegalArgumentException("stratified: budget " + k + " exceeds the " + poolSize
                    + " examples left after dropping the hardest " + misCount);
        }
        int bins = s.bins();
        Row range = pool.agg(min("score"), max("score")).first();
        double lo = range.isNullAt(0) ? 0 : range.getDouble(0);
        double hi = range.isNullAt(1) ? 0 : range.getDouble(1);
        UserDefinedFunction binOf = udf((UDF1<Double, Integer>) v -> ScoreStatistics.bin(v, lo, hi, bins),
                DataTypes.IntegerType);
        Dataset<Row> binned = pool.withColumn("bin", binOf.apply(col("score")));
        long[] available = new long[bins];
        for (Row r : binned.groupBy("bin").count().collectAsList()) available[r.getInt(0)] = r.getLong(1);
        long[] take = Selection.allocate(k, available);
        strataOut[0] = new Selection.Strata(Selection.edges(lo, hi, bins), available, take);
        List<Row> budgets = new ArrayList<>();
        for (int b = 0; b < bins; b++) budgets.add(RowFactory.create(b, take[b]));
        Dataset<Row> budgetFrame = spark.createDataFrame(budgets, new StructType()
                .add("b_bin", DataTypes.IntegerType).add("b_take", DataTypes.LongType));
        return binned.withColumn("pos", row_number().over(Window.partitionBy("bin")
                        .orderBy(hash.apply(col("id")).asc(), col("id").asc())).minus(1))
                .join(org.apache.spark.sql.functions.broadcast(budgetFrame), col("bin").equalTo(col("b_bin")))
                .filter(col("pos").lt(col("b_take")));
    }

    private static UserDefinedFunction hashUdf(long seed) {
        return udf((UDF1<Long, Long>) id -> KeyedHash.of(seed, id), DataTypes.LongType);
    }

    /**
     * {@code ordered} with a 0-based position column in its sort order: zipWithIndex over the sorted rows,
     * persisted first (and added to {@code cached} for release) so that both of zipWithIndex's passes see the same
     * partitions.
     */
    public static Dataset<Row> withIndex(SparkSession spark, Dataset<Row> ordered, String name,
                                         List<JavaRDD<Row>> cached) {
        JavaRDD<Row> sorted = ordered.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(sorted);
        StructType schema = ordered.schema().add(name, DataTypes.LongType, false);
        int width = ordered.schema().size();
        JavaRDD<Row> indexed = sorted.zipWithIndex().map(t -> {
            Object[] values = new Object[width + 1];
            for (int i = 0; i < width; i++) values[i] = t._1().get(i);
            values[width] = t._2();
            return RowFactory.create(values);
        });
        return spark.createDataFrame(indexed, schema);
    }
}
