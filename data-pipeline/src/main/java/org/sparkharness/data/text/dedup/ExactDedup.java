package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.text.TextSchema;

/**
 * Exact-duplicate removal (docs/algorithms/data-pipeline.md §3.1): documents whose normalised texts have the same MD5
 * key ({@link TextNormalisation}) form a group; the smallest id of each group is kept, the others are excluded with
 * reason {@value #REASON} and {@code duplicate_of} = the kept id. One shuffle (group by key), so the result does not
 * depend on partitioning.
 *
 * <p>Writes {@code outDir/kept} (the input's columns), {@code outDir/excluded} (plus {@code reason} and
 * {@code duplicate_of}), both Parquet sorted by id, and {@code outDir/stats.json} ({@link DedupStats}).
 */
public final class ExactDedup {
    /** The {@link TextSchema#REASON} of excluded rows. */
    public static final String REASON = "exact_dup";
    /** The stats' stage name. */
    public static final String STAGE = "exact_dedup";

    private static final String KEY = "_exact_key";
    private static final String FIRST = "_exact_first";
    private static final String SIZE = "_exact_size";

    private ExactDedup() {}

    /**
     * @param docs     at least {@link TextSchema#ID} (an integer column; ids must be unique) and
     *                 {@link TextSchema#TEXT}; other columns are kept; a null text counts as empty
     * @param outDir   a Hadoop URI or local path; its {@code kept}, {@code excluded} and {@code stats.json} are
     *                 replaced
     * @param progress receives one line per step (may be null)
     */
    public static DedupStats run(SparkSession spark, Dataset<Row> docs, ExactDedupSettings settings, String outDir,
                                 Consumer<String> progress) {
        long start = System.nanoTime();
        progress = DedupFrames.orSilent(progress);
        Dataset<Row> input = DedupFrames.prepare(docs);
        Column[] inputColumns = DedupFrames.columnsOf(input);
        TextNormalisation normalisation = settings.normalisation();
        UserDefinedFunction key = udf((UDF1<String, String>) normalisation::key, DataTypes.StringType);

        progress.accept("exact dedup: keying documents with " + normalisation.describe());
        Dataset<Row> keyed = input.withColumn(KEY, key.apply(col(TextSchema.TEXT)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> groups = keyed.groupBy(KEY).agg(min(TextSchema.ID).as(FIRST), count(lit(1)).as(SIZE));
        Dataset<Row> labelled = keyed.join(groups, KEY).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long[] in = DedupFrames.countAndChars(keyed);
            progress.accept("exact dedup: " + in[0] + " documents in");
            Row groupStats = groups.where(col(SIZE).gt(1)).agg(count(lit(1)), sum(SIZE)).first();
            long duplicateGroups = groupStats.getLong(0);
            long docsInGroups = groupStats.isNullAt(1) ? 0 : groupStats.getLong(1);

            Column isFirst = col(TextSchema.ID).equalTo(col(FIRST));
            DedupFrames.writeSorted(labelled.where(isFirst).select(inputColumns), outDir, DedupFrames.KEPT);
            Column[] excludedColumns = append(inputColumns, lit(REASON).as(TextSchema.REASON),
                    col(FIRST).as(DedupFrames.DUPLICATE_OF));
            DedupFrames.writeSorted(labelled.where(isFirst.unary_$bang()).select(excludedColumns), outDir,
                    DedupFrames.EXCLUDED);
            progress.accept("exact dedup: wrote kept and excluded to " + outDir);

            Dataset<Row> excluded = DedupFrames.read(spark, outDir, DedupFrames.EXCLUDED);
            long[] removedDocs = DedupFrames.countAndChars(excluded);
            long removed = removedDocs[0];
            DedupStats stats = new DedupStats(STAGE, in[0], in[0] - removed, removed, in[1],
                    in[1] - removedDocs[1],
                    DedupFrames.removedBySource(excluded), DedupFrames.samples(excluded, settings.sampleSize()),
                    new DedupStats.Exact(settings, normalisation.describe(), duplicateGroups, docsInGroups), null,
                    DedupFrames.secondsSince(start));
            StageFiles.writeJson(StageFiles.path(outDir, DedupFrames.STATS), stats);
            progress.accept(String.format(java.util.Locale.ROOT,
                    "exact dedup: %d -> %d documents (%d removed, %d duplicate groups) in %.1f s",
                    stats.docsIn(), stats.docsOut(), removed, duplicateGroups, stats.seconds()));
            return stats;
        } finally {
            labelled.unpersist();
            keyed.unpersist();
        }
    }

    private static Column[] append(Column[] first, Column... more) {
        Column[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
