package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.text.TextSchema;

/** Input checks, output layout and the stats both dedup jobs share. */
final class DedupFrames {
    /** Excluded rows: the id kept in their place. */
    static final String DUPLICATE_OF = "duplicate_of";
    /** Near-dup excluded rows: the cluster's id (its smallest document id). */
    static final String CLUSTER = "cluster";
    static final String KEPT = "kept";
    static final String EXCLUDED = "excluded";
    static final String STATS = "stats.json";
    private static final int PREVIEW_CHARS = 160;

    private DedupFrames() {}

    /**
     * The input with {@link TextSchema#ID} as a long. Requires the id and text columns and rejects the columns the
     * stage adds, so an excluded row is never ambiguous.
     */
    static Dataset<Row> prepare(Dataset<Row> docs) {
        List<String> names = Arrays.asList(docs.columns());
        for (String required : List.of(TextSchema.ID, TextSchema.TEXT)) {
            if (!names.contains(required)) {
                throw new IllegalArgumentException("dedup input needs a '" + required + "' column; it has " + names);
            }
        }
        for (String added : List.of(TextSchema.REASON, DUPLICATE_OF, CLUSTER)) {
            if (names.contains(added)) {
                throw new IllegalArgumentException("dedup input must not have a '" + added
                        + "' column: the stage adds it to excluded rows");
            }
        }
        DataType idType = docs.schema().apply(TextSchema.ID).dataType();
        if (idType.equals(DataTypes.LongType)) {
            return docs;
        }
        if (idType.equals(DataTypes.IntegerType) || idType.equals(DataTypes.ShortType)
                || idType.equals(DataTypes.ByteType)) {
            return docs.withColumn(TextSchema.ID, col(TextSchema.ID).cast(DataTypes.LongType));
        }
        throw new IllegalArgumentException("dedup input 'id' must be an integer column, not " + idType);
    }

    static boolean hasSource(Dataset<Row> docs) {
        return Arrays.asList(docs.columns()).contains(TextSchema.SOURCE);
    }

    /** The input's columns, in order, as Column objects. */
    static Column[] columnsOf(Dataset<Row> docs) {
        return Arrays.stream(docs.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    }

    /** Writes Parquet sorted by id (readable in id order; the content never depends on partitioning). */
    static void writeSorted(Dataset<Row> rows, String outDir, String name) {
        rows.orderBy(TextSchema.ID).write().mode(SaveMode.Overwrite).parquet(StageFiles.path(outDir, name).toString());
    }

    static Dataset<Row> read(SparkSession spark, String outDir, String name) {
        return spark.read().parquet(StageFiles.path(outDir, name).toString());
    }

    /** Document count and characters (code points) of the text. */
    static long[] countAndChars(Dataset<Row> docs) {
        Row r = docs.agg(count(lit(1)), sum(length(col(TextSchema.TEXT)))).first();
        return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1)};
    }

    /** Excluded rows per source value, sorted by source; null without a source column. */
    static Map<String, Long> removedBySource(Dataset<Row> excluded) {
        if (!hasSource(excluded)) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        Column source = col(TextSchema.SOURCE).cast(DataTypes.StringType).as(TextSchema.SOURCE);
        for (Row r : excluded.groupBy(source).count().orderBy(TextSchema.SOURCE).collectAsList()) {
            out.put(r.isNullAt(0) ? "null" : r.getString(0), r.getLong(1));
        }
        return out;
    }

    /** The first {@code n} excluded rows by id. */
    static List<DedupStats.Removed> samples(Dataset<Row> excluded, int n) {
        List<DedupStats.Removed> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        boolean source = hasSource(excluded);
        Column[] cols = source
                ? new Column[] {col(TextSchema.ID), col(DUPLICATE_OF), col(TextSchema.TEXT),
                    col(TextSchema.SOURCE).cast(DataTypes.StringType)}
                : new Column[] {col(TextSchema.ID), col(DUPLICATE_OF), col(TextSchema.TEXT)};
        for (Row r : excluded.select(cols).orderBy(TextSchema.ID).limit(n).collectAsList()) {
            out.add(new DedupStats.Removed(r.getLong(0), r.getLong(1), source ? r.getString(3) : null,
                    preview(r.getString(2))));
        }
        return out;
    }

    /** The first characters of a text, not splitting a surrogate pair. */
    static String preview(String text) {
        if (text == null || text.length() <= PREVIEW_CHARS) {
            return text;
        }
        int end = PREVIEW_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The consumer, or one that ignores every line. */
    static java.util.function.Consumer<String> orSilent(java.util.function.Consumer<String> progress) {
        return progress != null ? progress : line -> { };
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
