package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.sparkharness.data.text.TextSchema;

/**
 * {@link ExactDedup} on a planted corpus: 240 distinct texts, 160 of them given 1-3 copies that differ only in
 * whitespace (spaces, tabs, newlines, no-break spaces, padding), placed at random ids so that a copy often has a
 * smaller id than the text it copies. Near misses (one letter changed, other case) must survive.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExactDedupSparkIT {
    private static final StructType SCHEMA = new StructType()
            .add(TextSchema.ID, DataTypes.LongType, false)
            .add(TextSchema.SOURCE, DataTypes.StringType, false)
            .add(TextSchema.TEXT, DataTypes.StringType, true)
            .add("extra", DataTypes.IntegerType, false);
    private static final String[] SPACES = {" ", "  ", "\t", "\n", "\r\n", "\u00A0", " \n\n "};

    private static SparkSession spark;
    /** family of each id: ids with the same family have the same text up to whitespace. */
    private static final Map<Long, Integer> FAMILY = new HashMap<>();
    private static final List<Row> ROWS = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ExactDedupSparkIT", 2);
        SplittableRandom rnd = new SplittableRandom(20240611L);
        List<String[]> docs = new ArrayList<>(); // {family, text}
        for (int f = 0; f < 240; f++) {
            List<String> words = new ArrayList<>();
            int n = 3 + rnd.nextInt(40);
            for (int w = 0; w < n; w++) {
                words.add(SyntheticText.word(rnd));
            }
            docs.add(new String[] {Integer.toString(f), String.join(" ", words)});
            if (f < 160) {
                int copies = 1 + rnd.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    docs.add(new String[] {Integer.toString(f), respace(words, rnd)});
                }
            }
        }
        // near misses of family 0..19: a changed letter, or upper case: distinct texts under the default key
        for (int f = 0; f < 20; f++) {
            String family = Integer.toString(f);
            String text = docs.stream().filter(d -> d[0].equals(family)).findFirst().orElseThrow()[1];
            String changed = f % 2 == 0 ? text.toUpperCase(java.util.Locale.ROOT) : text.replaceFirst(".$", "#");
            docs.add(new String[] {Integer.toString(1000 + f), changed});
        }
        docs.add(new String[] {"2000", null}); // a null text and an empty one share the key of ""
        docs.add(new String[] {"2000", " \n "});
        Collections.shuffle(docs, new java.util.Random(5));
        String[] sources = {"spam-1", "spam-2", "easy-ham-1"};
        for (int i = 0; i < docs.size(); i++) {
            long id = 10L * i + 3;
            FAMILY.put(id, Integer.parseInt(docs.get(i)[0]));
            ROWS.add(RowFactory.create(id, sources[i % 3], docs.get(i)[1], i));
        }
    }

    /** The words joined by random whitespace runs, sometimes padded at either end. */
    private static String respace(List<String> words, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        if (rnd.nextBoolean()) {
            sb.append(SPACES[rnd.nextInt(SPACES.length)]);
        }
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                sb.append(SPACES[rnd.nextInt(SPACES.length)]);
            }
            sb.append(words.get(i));
        }
        if (rnd.nextBoolean()) {
            sb.append(SPACES[rnd.nextInt(SPACES.length)]);
        }
        return sb.toString();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> docs(int partitions) {
        return spark.createDataFrame(ROWS, SCHEMA).repartition(partitions);
    }

    @Test
    void keepsTheSmallestIdOfEveryWhitespaceVariantGroup() {
        String out = tmp.resolve("exact").toString();
        DedupStats stats = ExactDedup.run(spark, docs(3), ExactDedupSettings.defaults(), out, s -> { });

        Map<Integer, Long> smallest = new TreeMap<>();
        Map<Integer, Integer> familySize = new TreeMap<>();
        FAMILY.forEach((id, f) -> {
            smallest.merge(f, id, Math::min);
            familySize.merge(f, 1, Integer::sum);
        });
        List<Row> kept = DedupFrames.read(spark, out, DedupFrames.KEPT).orderBy(TextSchema.ID).collectAsList();
        List<Row> excluded = DedupFrames.read(spark, out, DedupFrames.EXCLUDED).orderBy(TextSchema.ID)
                .collectAsList();
        List<Long> expectedKept = new ArrayList<>(smallest.values());
        Collections.sort(expectedKept);
        assertEquals(expectedKept, kept.stream().map(r -> r.getLong(0)).toList());
        assertEquals(ROWS.size() - smallest.size(), excluded.size());
        for (Row r : excluded) {
            long id = r.getLong(r.fieldIndex(TextSchema.ID));
            long dupOf = r.getLong(r.fieldIndex(DedupFrames.DUPLICATE_OF));
            assertEquals(smallest.get(FAMILY.get(id)), dupOf, "duplicate_of of " + id);
            assertEquals(ExactDedup.REASON, r.getString(r.fieldIndex(TextSchema.REASON)));
            assertTrue(dupOf < id);
        }
        // other columns survive, unchanged
        assertEquals(List.of(TextSchema.ID, TextSchema.SOURCE, TextSchema.TEXT, "extra"),
                List.of(DedupFrames.read(spark, out, DedupFrames.KEPT).columns()));
        Row firstKept = kept.get(0);
        Row original = ROWS.stream().filter(r -> r.getLong(0) == firstKept.getLong(0)).findFirst().orElseThrow();
        assertEquals(original, firstKept);

        long groups = familySize.values().stream().filter(s -> s > 1).count();
        long inGroups = familySize.values().stream().filter(s -> s > 1).mapToLong(Integer::longValue).sum();
        assertEquals(ROWS.size(), stats.docsIn());
        assertEquals(smallest.size(), stats.docsOut());
        assertEquals(ROWS.size() - smallest.size(), stats.removed());
        assertEquals(groups, stats.exact().duplicateGroups());
        assertEquals(inGroups, stats.exact().docsInDuplicateGroups());
        assertEquals("md5(utf8(collapse_whitespace(text)))", stats.exact().key());
        assertTrue(stats.charsOut() < stats.charsIn());

        Map<String, Long> bySource = new TreeMap<>();
        for (Row r : excluded) {
            bySource.merge(r.getString(r.fieldIndex(TextSchema.SOURCE)), 1L, Long::sum);
        }
        assertEquals(bySource, stats.removedBySource());
        assertEquals(20, stats.samples().size());
        for (int i = 0; i < 20; i++) {
            assertEquals(excluded.get(i).getLong(0), stats.samples().get(i).id());
            assertEquals(excluded.get(i).getLong(excluded.get(i).fieldIndex(DedupFrames.DUPLICATE_OF)),
                    stats.samples().get(i).duplicateOf());
        }

        DedupStats reread = StageFiles.readJson(StageFiles.path(out, DedupFrames.STATS), DedupStats.class);
        assertEquals(stats, reread);
        assertNull(reread.near());
    }

    @Test
    void resultDoesNotDependOnPartitioning() {
        String one = tmp.resolve("p1").toString();
        String four = tmp.resolve("p4").toString();
        DedupStats s1 = ExactDedup.run(spark, docs(1), ExactDedupSettings.defaults(), one, s -> { });
        DedupStats s4 = ExactDedup.run(spark, docs(4), ExactDedupSettings.defaults(), four, s -> { });
        for (String part : List.of(DedupFrames.KEPT, DedupFrames.EXCLUDED)) {
            assertEquals(DedupFrames.read(spark, one, part).orderBy(TextSchema.ID).collectAsList(),
                    DedupFrames.read(spark, four, part).orderBy(TextSchema.ID).collectAsList(), part);
        }
        assertEquals(withoutSeconds(s1), withoutSeconds(s4));
    }

    @Test
    void lowerCaseOptionMergesCaseVariants() {
        String out = tmp.resolve("lower").toString();
        ExactDedupSettings lower = new ExactDedupSettings(new TextNormalisation(true, false), 5);
        List<String> lines = new ArrayList<>();
        DedupStats stats = ExactDedup.run(spark, docs(2), lower, out, lines::add);
        // by default one document per family survives; lower-casing also folds the 10 upper-cased near misses
        // (families 1000, 1002, ..., 1018) into the family they were made from
        long families = FAMILY.values().stream().distinct().count();
        assertEquals(ROWS.size() - families + 10, stats.removed());
        assertEquals(5, stats.samples().size());
        assertTrue(lines.size() >= 3, "progress lines: " + lines);
        assertEquals("md5(utf8(collapse_whitespace(lower(text))))", stats.exact().key());
    }

    @Test
    void rejectsInputWithoutTextOrWithAReasonColumn() {
        Dataset<Row> noText = docs(1).drop(TextSchema.TEXT);
        assertThrows(IllegalArgumentException.class, () -> ExactDedup.run(spark, noText,
                ExactDedupSettings.defaults(), tmp.resolve("x").toString(), s -> { }));
        Dataset<Row> withReason = docs(1).withColumn(TextSchema.REASON, org.apache.spark.sql.functions.lit("x"));
        assertThrows(IllegalArgumentException.class, () -> ExactDedup.run(spark, withReason,
                ExactDedupSettings.defaults(), tmp.resolve("y").toString(), s -> { }));
        assertNotNull(spark.createDataFrame(ROWS, SCHEMA).first());
    }

    static DedupStats withoutSeconds(DedupStats s) {
        return new DedupStats(s.stage(), s.docsIn(), s.docsOut(), s.removed(), s.charsIn(), s.charsOut(),
                s.removedBySource(), s.samples(), s.exact(), s.near(), 0);
    }
}
