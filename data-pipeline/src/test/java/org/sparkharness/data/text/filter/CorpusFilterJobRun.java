package org.sparkharness.data.text.filter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.text.TextSchema;

/**
 * {@link TextFilterJob} on the offline corpus of docs/algorithms/data-pipeline.md §4 (no dedup: every line), on
 * local[slots], with its drop counts checked against the pure {@link FilterChain} over the same texts. Not a test:
 * <pre>
 * java -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat /tmp/cp.txt) [Java 17 --add-opens] \
 *     org.sparkharness.data.text.filter.CorpusFilterJobRun /tmp/dl/corpus.jsonl /tmp/filter-out 2
 * </pre>
 */
public final class CorpusFilterJobRun {
    public static void main(String[] args) throws Exception {
        String corpus = args.length > 0 ? args[0] : "/tmp/dl/corpus.jsonl";
        String outDir = args.length > 1 ? args[1] : "/tmp/filter-out";
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        SparkSession spark = LocalSpark.start("CorpusFilterJobRun", slots);
        spark.sparkContext().setLogLevel("WARN");
        try {
            Dataset<Row> docs = spark.read().json(corpus).repartition(4 * slots).cache();
            long n = docs.count();
            FilterStats stats = TextFilterJob.run(spark, docs, FilterSettings.defaults(), outDir, System.out::println);
            Map<String, Long> pure = new TreeMap<>();
            FilterChain chain = FilterChain.of(FilterSettings.defaults());
            for (Row r : docs.select(TextSchema.TEXT).collectAsList()) {
                FilterChain.Outcome o = chain.apply(r.getString(0));
                if (!o.kept()) pure.merge(o.reason(), 1L, Long::sum);
            }
            System.out.printf("local[%d]: %,d docs, %.2f s, %,.0f docs/s; drops equal to the pure chain: %s; "
                            + "chain evaluations %,d%n", slots, n, stats.wallSeconds(), stats.docsPerSecond(),
                    pure.equals(new TreeMap<>(stats.dropsByReason())), stats.chainEvaluations());
            System.out.println("stats.json: " + Files.size(Path.of(outDir, "stats.json")) + " bytes");
        } finally {
            spark.stop();
        }
    }
}
