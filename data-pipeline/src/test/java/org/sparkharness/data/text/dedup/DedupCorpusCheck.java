package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.text.TextSchema;

/**
 * The real-data check of docs/algorithms/data-pipeline.md §8, G11 and §5.1, run by hand (not a unit test; needs the
 * offline corpus):
 *
 * <ol>
 *   <li>exact dedup of the SpamAssassin rows of the §4 corpus ({@code source} not europarl/jargon) with the default
 *       normalisation must remove exactly 207 of 6,046 documents: spam-2 129, spam-1 38, easy-ham-1 28,
 *       easy-ham-2 12;</li>
 *   <li>the same from the package's JSON files directly (sorted paths, body after the first blank line), as an
 *       independent path to the same figure;</li>
 *   <li>near dedup of the whole corpus (24,684 documents) with datatrove signatures and with MLlib's, reporting
 *       candidate and verified pairs, clusters, removals and seconds.</li>
 * </ol>
 *
 * <pre>
 * mvn -o -q -pl data-pipeline -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * OPENS=$(grep -o '&lt;spark.add.opens&gt;[^&lt;]*' pom.xml | sed 's/&lt;spark.add.opens&gt;//')
 * java -Xmx4g $OPENS -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat \
 *     data-pipeline/target/cp.txt) org.sparkharness.data.text.dedup.DedupCorpusCheck \
 *     /tmp/dl/corpus.jsonl /tmp/dl/spam/package/data /tmp/dedup-check 2
 * </pre>
 * ({@code OPENS}: the root pom's {@code spark.add.opens}, the --add-opens Spark needs on Java 17.) Exits with
 * status 1 when the exact-dedup figures differ from §5.1.
 */
public final class DedupCorpusCheck {
    private static final Map<String, Long> EXPECTED_BY_SOURCE = Map.of("spam-2", 129L, "spam-1", 38L,
            "easy-ham-1", 28L, "easy-ham-2", 12L);

    private DedupCorpusCheck() {}

    public static void main(String[] args) throws IOException {
        String corpus = args.length > 0 ? args[0] : "/tmp/dl/corpus.jsonl";
        Path spamData = Path.of(args.length > 1 ? args[1] : "/tmp/dl/spam/package/data");
        String out = args.length > 2 ? args[2] : "/tmp/dedup-check";
        int slots = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        SparkSession spark = LocalSpark.start("DedupCorpusCheck", slots);
        spark.sparkContext().setLogLevel("WARN");
        long t0 = System.nanoTime();
        java.util.function.Consumer<String> progress = line -> System.out.printf(Locale.ROOT, "[%7.1f s] %s%n",
                (System.nanoTime() - t0) / 1e9, line);
        boolean ok = true;
        try {
            Dataset<Row> all = spark.read().json(corpus).select(TextSchema.ID, TextSchema.SOURCE,
                    TextSchema.LOCATION, TextSchema.TEXT).cache();
            Dataset<Row> spam = all.where(col(TextSchema.SOURCE).isin("europarl", "jargon").unary_$bang());
            DedupStats exact = ExactDedup.run(spark, spam, ExactDedupSettings.defaults(), out + "/exact-spam",
                    progress);
            ok &= report("corpus.jsonl SpamAssassin rows", exact);

            Dataset<Row> fromFiles = spark.createDataFrame(readPackage(spamData), TextSchema.DOCS);
            DedupStats exactFiles = ExactDedup.run(spark, fromFiles, ExactDedupSettings.defaults(),
                    out + "/exact-spam-files", progress);
            ok &= report("package JSON files", exactFiles);

            for (SignatureMode mode : SignatureMode.values()) {
                DedupStats near = NearDedup.run(spark, all, NearDedupSettings.defaults().withSignatures(mode),
                        out + "/near-" + mode.key(), progress);
                DedupStats.Near n = near.near();
                System.out.printf(Locale.ROOT, "NEAR %s: %d docs, %d without signature, %d candidate pairs, "
                        + "%d verified (J >= %.2f), %d clusters (%d docs, largest %d), %d removed %s, %.1f s%n",
                        mode.key(), near.docsIn(), n.docsWithoutSignature(), n.candidatePairs(), n.verifiedPairs(),
                        n.settings().jaccardThreshold(), n.clusters(), n.docsInClusters(), n.largestCluster(),
                        near.removed(), near.removedBySource(), near.seconds());
                System.out.println("NEAR " + mode.key() + " cluster sizes: " + n.clusterSizeHistogram());
            }
        } finally {
            spark.stop();
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean report(String what, DedupStats s) {
        Map<String, Long> nonZero = new LinkedHashMap<>();
        s.removedBySource().forEach((k, v) -> {
            if (v > 0) {
                nonZero.put(k, v);
            }
        });
        boolean ok = s.docsIn() == 6046 && s.docsOut() == 5839 && s.removed() == 207
                && nonZero.equals(EXPECTED_BY_SOURCE);
        System.out.printf(Locale.ROOT, "EXACT %s: %d -> %d (%d removed; %d groups, %d docs in groups) %s, %.1f s: %s%n",
                what, s.docsIn(), s.docsOut(), s.removed(), s.exact().duplicateGroups(),
                s.exact().docsInDuplicateGroups(), nonZero, s.seconds(), ok ? "matches §5.1" : "DIFFERS from §5.1");
        return ok;
    }

    /** §4 step 2: every package/data/group/*.json in sorted path order; body after the first blank line. */
    private static List<Row> readPackage(Path data) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data, 2)) {
            files = walk.filter(p -> p.getNameCount() == data.getNameCount() + 2)
                    .filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            JsonNode node = json.readTree(f.toFile());
            String text = node.get("text").asText();
            int blank = text.indexOf("\n\n");
            String body = blank >= 0 ? text.substring(blank + 2) : text;
            rows.add(RowFactory.create((long) rows.size(), node.get("group").asText(), data.relativize(f).toString(),
                    body));
        }
        return rows;
    }
}
