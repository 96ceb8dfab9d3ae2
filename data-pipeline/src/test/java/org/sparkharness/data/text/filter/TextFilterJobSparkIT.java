package org.sparkharness.data.text.filter;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.data.text.TextSchema;
import org.sparkharness.data.text.words.RegexWordTokenizer;

/**
 * {@link TextFilterJob} on the committed fixture {@code testdata/text-filters/docs.jsonl} against the pure
 * {@link FilterChain} over the same documents: per-reason counts, kept texts, excluded reasons, stats.json,
 * samples, and the same results from 1 and 4 partitions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TextFilterJobSparkIT {
    private static final Path FIXTURE = RepoPaths.testdata("text-filters").resolve("docs.jsonl");
    private static final FilterSettings SETTINGS = FilterSettings.defaults();

    private static SparkSession spark;

    @TempDir
    static Path out;

    /** A fixture document and what the pure chain made of it. */
    private record Expected(long id, String source, String location, String text, FilterChain.Outcome outcome) {}

    private static final Map<Long, Expected> EXPECTED = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start("TextFilterJobSparkIT", 2);
        spark.sparkContext().setLogLevel("WARN");
        ObjectMapper json = new ObjectMapper();
        FilterChain chain = FilterChain.of(SETTINGS);
        for (String line : Files.readAllLines(FIXTURE, StandardCharsets.UTF_8)) {
            JsonNode d = json.readTree(line);
            String text = d.get("text").asText();
            EXPECTED.put(d.get("id").asLong(), new Expected(d.get("id").asLong(), d.get("source").asText(),
                    d.get("location").asText(), text, chain.apply(text)));
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** The fixture as Spark reads it (columns id, location, source, text) plus an int column to carry through. */
    private static Dataset<Row> fixture(int partitions) {
        return spark.read().json(FIXTURE.toString()).withColumn("extra", length(col(TextSchema.TEXT)))
                .repartition(partitions);
    }

    private static long codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    @Test
    void matchesThePureChainWithAnyPartitioning() {
        List<String> messages = new ArrayList<>();
        FilterStats one = TextFilterJob.run(spark, fixture(1), SETTINGS, out.resolve("p1").toString(), messages::add);
        FilterStats four = TextFilterJob.run(spark, fixture(4), SETTINGS, out.resolve("p4").toString(), messages::add);

        // counts: the pure chain's, ordered by count descending then name
        Map<String, Long> drops = new TreeMap<>();
        Map<String, long[]> bySource = new TreeMap<>();
        long charsIn = 0, charsOut = 0, bytesIn = 0, bytesOut = 0;
        for (Expected e : EXPECTED.values()) {
            charsIn += codePoints(e.text);
            bytesIn += e.text.getBytes(StandardCharsets.UTF_8).length;
            if (e.outcome.kept()) {
                charsOut += codePoints(e.outcome.text());
                bytesOut += e.outcome.text().getBytes(StandardCharsets.UTF_8).length;
            } else {
                drops.merge(e.outcome.reason(), 1L, Long::sum);
            }
            bySource.computeIfAbsent(e.source, k -> new long[2])[e.outcome.kept() ? 0 : 1]++;
        }
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(drops.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));

        for (FilterStats s : List.of(one, four)) {
            assertEquals(294, s.docsIn());
            assertEquals(95, s.docsOut());
            assertEquals(199, s.docsDropped());
            assertEquals(ordered, new ArrayList<>(s.dropsByReason().entrySet()));
            assertEquals(List.of(charsIn, charsOut, bytesIn, bytesOut), List.of(s.charsIn(), s.charsOut(), s.bytesIn(), s.bytesOut()));
            assertEquals(bySource.keySet(), s.bySource().keySet());
            bySource.forEach((src, kd) -> assertEquals(new FilterStats.SourceCounts(kd[0], kd[1]), s.bySource().get(src)));
            assertEquals(294, s.chainEvaluations(), "the chain ran once per document");
            assertEquals(SETTINGS, s.settings());
            assertEquals(RegexWordTokenizer.INSTANCE.name(), s.tokenizer());
            assertTrue(s.wallSeconds() > 0 && s.docsPerSecond() > 0);
        }
        assertEquals(one.samples(), four.samples());
        assertTrue(drops.size() >= 20, "the fixture trips most rules: " + drops.keySet());

        checkOutput(out.resolve("p1"));
        checkOutput(out.resolve("p4"));
        checkSamples(one, drops);

        FilterStats written = StageFiles.readJson(StageFiles.path(out.resolve("p1").toString(), "stats.json"), FilterStats.class);
        assertEquals(one, written);
        assertEquals(new ArrayList<>(one.dropsByReason().keySet()), new ArrayList<>(written.dropsByReason().keySet()));

        String summary = messages.stream().filter(m -> m.startsWith("filter: 294 docs in")).findFirst().orElseThrow();
        Map.Entry<String, Long> top = ordered.get(0);
        assertTrue(summary.startsWith("filter: 294 docs in, 95 kept, 199 dropped (" + top.getKey() + " " + top.getValue() + ", "),
                summary);
    }

    /** kept and excluded Parquet hold the chain's output text / reason per id, and all input columns. */
    private static void checkOutput(Path dir) {
        List<String> inputColumns = Arrays.asList(fixture(1).columns());
        Dataset<Row> kept = spark.read().parquet(dir.resolve("kept").toString());
        Dataset<Row> excluded = spark.read().parquet(dir.resolve("excluded").toString());
        assertEquals(inputColumns, Arrays.asList(kept.columns()));
        List<String> withReason = new ArrayList<>(inputColumns);
        withReason.add(TextSchema.REASON);
        assertEquals(withReason, Arrays.asList(excluded.columns()));

        Map<Long, String> keptText = new HashMap<>();
        for (Row r : kept.collectAsList()) {
            long id = r.getLong(r.fieldIndex(TextSchema.ID));
            keptText.put(id, r.getString(r.fieldIndex(TextSchema.TEXT)));
            Expected e = EXPECTED.get(id);
            assertEquals(e.location, r.getString(r.fieldIndex(TextSchema.LOCATION)));
            assertEquals(e.text.length(), r.getInt(r.fieldIndex("extra")), "extra columns carried through");
        }
        Map<Long, String> reasons = new HashMap<>();
        for (Row r : excluded.collectAsList()) {
            long id = r.getLong(r.fieldIndex(TextSchema.ID));
            reasons.put(id, r.getString(r.fieldIndex(TextSchema.REASON)));
            assertEquals(EXPECTED.get(id).text, r.getString(r.fieldIndex(TextSchema.TEXT)), "excluded rows keep their text");
        }
        Map<Long, String> expectedKept = new HashMap<>();
        Map<Long, String> expectedReasons = new HashMap<>();
        EXPECTED.forEach((id, e) -> {
            if (e.outcome.kept()) expectedKept.put(id, e.outcome.text());
            else expectedReasons.put(id, e.outcome.reason());
        });
        assertEquals(expectedKept, keptText);
        assertEquals(expectedReasons, reasons);
    }

    /** Per reason the first 20 excluded ids in id order, with location and the text cut to 300 code points. */
    private static void checkSamples(FilterStats stats, Map<String, Long> drops) {
        assertEquals(new ArrayList<>(stats.dropsByReason().keySet()), new ArrayList<>(stats.samples().keySet()));
        for (String reason : drops.keySet()) {
            List<Long> ids = EXPECTED.values().stream().filter(e -> reason.equals(e.outcome.reason()))
                    .map(Expected::id).sorted().limit(SETTINGS.samplesPerReason()).toList();
            List<FilterStats.Sample> samples = stats.samples().get(reason);
            assertEquals(ids, samples.stream().map(FilterStats.Sample::id).toList(), reason);
            for (FilterStats.Sample s : samples) {
                Expected e = EXPECTED.get(s.id());
                assertEquals(e.location, s.location());
                assertEquals(codePoints(e.text), s.textChars());
                assertEquals(TextFilterJob.cut(e.text, TextFilterJob.SAMPLE_CHARS), s.text());
                assertTrue(codePoints(s.text()) <= TextFilterJob.SAMPLE_CHARS);
            }
        }
        assertEquals(20, stats.samples().get("gopher_stop_words").size(), "25 drops, 20 samples");
    }

    @Test
    void needsOnlyIdAndText() {
        StructType schema = new StructType().add(TextSchema.ID, DataTypes.LongType).add(TextSchema.TEXT, DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        List<Expected> some = new ArrayList<>(EXPECTED.values()).subList(0, 40);
        for (Expected e : some) rows.add(RowFactory.create(e.id, e.text));
        rows.add(RowFactory.create(1L, null));
        FilterSettings settings = FilterSettings.defaults().withSamplesPerReason(1);
        FilterStats s = TextFilterJob.run(spark, spark.createDataFrame(rows, schema), settings,
                out.resolve("minimal").toString(), m -> { });
        assertEquals(41, s.docsIn());
        assertEquals(some.stream().filter(e -> e.outcome.kept()).count(), s.docsOut());
        assertTrue(s.bySource().isEmpty());
        s.samples().values().forEach(list -> {
            assertEquals(1, list.size());
            assertNull(list.get(0).location());
        });
        // a null text is filtered as an empty one, and the smallest id is the sample of its reason
        assertEquals(1L, s.samples().get("gopher_short_doc").get(0).id());
        Row nullRow = spark.read().parquet(out.resolve("minimal").resolve("excluded").toString())
                .filter(col(TextSchema.ID).equalTo(1L)).first();
        assertEquals("gopher_short_doc", nullRow.getString(nullRow.fieldIndex(TextSchema.REASON)));
        assertTrue(nullRow.isNullAt(nullRow.fieldIndex(TextSchema.TEXT)));
    }

    @Test
    void rejectsInputWithoutTextOrWithAReasonColumn() {
        Dataset<Row> noText = fixture(1).drop(TextSchema.TEXT);
        assertThrows(IllegalArgumentException.class,
                () -> TextFilterJob.run(spark, noText, SETTINGS, out.resolve("bad").toString(), m -> { }));
        Dataset<Row> withReason = fixture(1).withColumn(TextSchema.REASON, col(TextSchema.SOURCE));
        assertThrows(IllegalArgumentException.class,
                () -> TextFilterJob.run(spark, withReason, SETTINGS, out.resolve("bad").toString(), m -> { }));
    }
}
