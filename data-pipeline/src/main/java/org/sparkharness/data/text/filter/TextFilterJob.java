package org.sparkharness.data.text.filter;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.text.TextSchema;

/**
 * The text-filter stage: runs a {@link FilterChain} once per document and writes
 * <ul>
 *   <li>{@code outDir/kept}: Parquet, the input columns, {@code text} replaced by the chain's output text;</li>
 *   <li>{@code outDir/excluded}: Parquet, the input columns (original text) plus {@link TextSchema#REASON};</li>
 *   <li>{@code outDir/stats.json}: {@link FilterStats}.</li>
 * </ul>
 * The chain's outcomes are persisted (memory and disk) and every count, sample and write reads them, so the chain
 * runs once per row; {@link FilterStats#chainEvaluations()} shows it. Nothing depends on the partitioning: counts
 * are sums, samples are ordered by id.
 */
public final class TextFilterJob {
    /** Sample texts are cut to this many code points. */
    public static final int SAMPLE_CHARS = 300;

    private static final String OUT_REASON = "__filter_reason";
    private static final String OUT_TEXT = "__filter_text";

    private TextFilterJob() {}

    /**
     * @param docs     at least {@link TextSchema#ID} (integral) and {@link TextSchema#TEXT} (string); other columns
     *                 are carried through; must not already have {@link TextSchema#REASON}. A null text is filtered
     *                 as an empty one.
     * @param outDir   a Hadoop URI; {@code kept}, {@code excluded} and {@code stats.json} under it are replaced
     * @param progress receives one-line progress messages
     */
    public static FilterStats run(SparkSession spark, Dataset<Row> docs, FilterSettings settings, String outDir,
                                  Consumer<String> progress) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outDir, "outDir");
        long t0 = System.nanoTime();
        StructType input = docs.schema();
        List<String> names = Arrays.asList(input.fieldNames());
        for (String required : List.of(TextSchema.ID, TextSchema.TEXT)) {
            if (!names.contains(required)) {
                throw new IllegalArgumentException("input has no '" + required + "' column: " + names);
            }
        }
        for (String taken : List.of(TextSchema.REASON, OUT_REASON, OUT_TEXT)) {
            if (names.contains(taken)) throw new IllegalArgumentException("input already has a '" + taken + "' column");
        }

        FilterChain chain = FilterChain.of(settings);
        progress.accept("filter: chain " + settings.filters() + ", tokenizer " + chain.tokenizer().name());
        LongAccumulator evaluations = spark.sparkContext().longAccumulator("text-filter chain evaluations");
        Dataset<Row> evaluated = evaluate(docs, chain, evaluations).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            boolean hasSource = names.contains(TextSchema.SOURCE);
            Totals totals = totals(evaluated, hasSource);
            double counted = (System.nanoTime() - t0) / 1e9;
            progress.accept(summary(totals));

            Map<String, List<FilterStats.Sample>> samples = samples(evaluated, settings.samplesPerReason(),
                    names.contains(TextSchema.LOCATION), totals.drops);
            double sampled = (System.nanoTime() - t0) / 1e9;

            List<Column> keptColumns = new ArrayList<>();
            List<Column> excludedColumns = new ArrayList<>();
            for (String name : names) {
                keptColumns.add(name.equals(TextSchema.TEXT)
                        ? coalesce(col(OUT_TEXT), col(TextSchema.TEXT)).as(TextSchema.TEXT) : col(name));
                excludedColumns.add(col(name));
            }
            excludedColumns.add(col(OUT_REASON).as(TextSchema.REASON));
            evaluated.filter(col(OUT_REASON).isNull()).select(keptColumns.toArray(new Column[0]))
                    .write().mode(SaveMode.Overwrite).parquet(StageFiles.path(outDir, "kept").toString());
            evaluated.filter(col(OUT_REASON).isNotNull()).select(excludedColumns.toArray(new Column[0]))
                    .write().mode(SaveMode.Overwrite).parquet(StageFiles.path(outDir, "excluded").toString());

            double seconds = (System.nanoTime() - t0) / 1e9;
            FilterStats stats = new FilterStats(chain.tokenizer().name(), settings, totals.docsIn, totals.kept,
                    totals.docsIn - totals.kept, totals.charsIn, totals.charsOut, totals.bytesIn, totals.bytesOut,
                    totals.drops, totals.bySource, samples, evaluations.value(), seconds,
                    seconds > 0 ? totals.docsIn / seconds : 0);
            StageFiles.writeJson(StageFiles.path(outDir, "stats.json"), stats);
            progress.accept(String.format(Locale.ROOT, "filter: wrote %s/{kept,excluded,stats.json} in %.1f s (%,.0f docs/s; "
                    + "chain and counts %.1f s, samples %.1f s, Parquet %.1f s)", outDir, seconds, stats.docsPerSecond(),
                    counted, sampled - counted, seconds - sampled));
            return stats;
        } finally {
            evaluated.unpersist();
        }
    }

    /** The input rows plus the first failing reason (null = kept) and, for kept rows, a rewritten text if any. */
    private static Dataset<Row> evaluate(Dataset<Row> docs, FilterChain chain, LongAccumulator evaluations) {
        StructType input = docs.schema();
        StructType schema = input.add(OUT_REASON, DataTypes.StringType, true).add(OUT_TEXT, DataTypes.StringType, true);
        int textIndex = input.fieldIndex(TextSchema.TEXT);
        int width = input.size();
        MapPartitionsFunction<Row, Row> apply = rows -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                String text = row.isNullAt(textIndex) ? "" : row.getString(textIndex);
                FilterChain.Outcome outcome = chain.apply(text);
                evaluations.add(1);
                Object[] values = new Object[width + 2];
                for (int i = 0; i < width; i++) values[i] = row.get(i);
                values[width] = outcome.reason();
                // only a kept, rewritten text is stored: the kept output is coalesce(new text, text)
                values[width + 1] = outcome.kept() && !outcome.text().equals(text) ? outcome.text() : null;
                return RowFactory.create(values);
            }
        };
        return docs.mapPartitions(apply, Encoders.row(schema));
    }

    /** Counts, characters and bytes per reason (and source), from one aggregation over the persisted outcomes. */
    private static Totals totals(Dataset<Row> evaluated, boolean hasSource) {
        Column outText = coalesce(col(OUT_TEXT), col(TextSchema.TEXT));
        Column[] keys = hasSource ? new Column[] {col(OUT_REASON), col(TextSchema.SOURCE)} : new Column[] {col(OUT_REASON)};
        List<Row> groups = evaluated.groupBy(keys).agg(count(lit(1)),
                sum(length(col(TextSchema.TEXT))), sum(octet_length(col(TextSchema.TEXT))),
                sum(length(outText)), sum(octet_length(outText))).collectAsList();
        Totals t = new Totals();
        Map<String, Long> drops = new TreeMap<>();
        Map<String, long[]> bySource = new TreeMap<>();
        for (Row g : groups) {
            String reason = g.getString(0);
            int at = hasSource ? 2 : 1;
            long n = g.getLong(at);
            t.docsIn += n;
            t.charsIn += longOrZero(g, at + 1);
            t.bytesIn += longOrZero(g, at + 2);
            if (reason == null) {
                t.kept += n;
                t.charsOut += longOrZero(g, at + 3);
                t.bytesOut += longOrZero(g, at + 4);
            } else {
                drops.merge(reason, n, Long::sum);
            }
            if (hasSource) {
                String source = g.isNullAt(1) ? "null" : g.getString(1);
                bySource.computeIfAbsent(source, k -> new long[2])[reason == null ? 0 : 1] += n;
            }
        }
        drops.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> t.drops.put(e.getKey(), e.getValue()));
        bySource.forEach((s, kd) -> t.bySource.put(s, new FilterStats.SourceCounts(kd[0], kd[1])));
        return t;
    }

    private static long longOrZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : r.getLong(i);
    }

    /**
     * The first {@code perReason} excluded rows of each reason by id, in the order of {@code drops}. Ranks (reason,
     * id) pairs only, then fetches the few chosen rows, so no text is shuffled.
     */
    private static Map<String, List<FilterStats.Sample>> samples(Dataset<Row> evaluated, int perReason,
                                                              boolean hasLocation, Map<String, Long> drops) {
        Map<String, List<FilterStats.Sample>> out = new LinkedHashMap<>();
        if (perReason == 0 || drops.isEmpty()) return out;
        Column id = col(TextSchema.ID).cast(DataTypes.LongType);
        List<Object> chosen = new ArrayList<>();
        for (Row r : evaluated.filter(col(OUT_REASON).isNotNull()).select(col(OUT_REASON), id.as("__id"))
                .withColumn("__rank", row_number().over(Window.partitionBy(col(OUT_REASON)).orderBy(col("__id"))))
                .filter(col("__rank").leq(perReason)).select("__id").collectAsList()) {
            chosen.add(r.getLong(0));
        }
        Column location = hasLocation ? col(TextSchema.LOCATION) : lit(null).cast(DataTypes.StringType);
        List<Row> rows = evaluated.filter(col(OUT_REASON).isNotNull().and(id.isin(chosen.toArray())))
                .select(col(OUT_REASON), id, location, col(TextSchema.TEXT)).collectAsList();
        Map<String, List<FilterStats.Sample>> byReason = new TreeMap<>();
        for (Row r : rows) {
            String text = r.isNullAt(3) ? "" : r.getString(3);
            byReason.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new FilterStats.Sample(
                    r.getLong(1), r.isNullAt(2) ? null : r.getString(2), cut(text, SAMPLE_CHARS),
                    text.codePointCount(0, text.length())));
        }
        for (String reason : drops.keySet()) {
            List<FilterStats.Sample> list = byReason.getOrDefault(reason, new ArrayList<>());
            list.sort(Comparator.comparingLong(FilterStats.Sample::id));
            out.put(reason, List.copyOf(list));
        }
        return out;
    }

    /** The first {@code max} code points of {@code s}. */
    static String cut(String s, int max) {
        if (s.length() <= max) return s;
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    /** "filter: 24,684 docs in, 754 kept, 23,930 dropped (gopher_stop_words 15,519, ...)". */
    static String summary(Totals t) {
        StringBuilder reasons = new StringBuilder();
        t.drops.forEach((reason, n) -> reasons.append(reasons.length() == 0 ? "" : ", ")
                .append(reason).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
        return String.format(Locale.ROOT, "filter: %,d docs in, %,d kept, %,d dropped (%s)", t.docsIn, t.kept,
                t.docsIn - t.kept, reasons.length() == 0 ? "none" : reasons);
    }

    /** Sums of the stats aggregation. */
    static final class Totals {
        long docsIn;
        long kept;
        long charsIn;
        long charsOut;
        long bytesIn;
        long bytesOut;
        final Map<String, Long> drops = new LinkedHashMap<>();
        final Map<String, FilterStats.SourceCounts> bySource = new LinkedHashMap<>();
    }
}
