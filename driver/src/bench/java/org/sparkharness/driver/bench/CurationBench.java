package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.prune.PruningStudy;
import org.sparkharness.data.text.TextSchema;
import org.sparkharness.data.text.corpus.CorpusConfig;
import org.sparkharness.data.text.corpus.CorpusInput;
import org.sparkharness.data.text.corpus.CorpusRead;
import org.sparkharness.data.text.corpus.CorpusReader;
import org.sparkharness.data.text.dedup.DedupStats;
import org.sparkharness.data.text.dedup.ExactDedup;
import org.sparkharness.data.text.dedup.ExactDedupSettings;
import org.sparkharness.data.text.dedup.MinHasher;
import org.sparkharness.data.text.dedup.NearDedup;
import org.sparkharness.data.text.dedup.NearDedupSettings;
import org.sparkharness.data.text.filter.FilterChain;
import org.sparkharness.data.text.filter.FilterSettings;
import org.sparkharness.data.text.filter.FilterStats;
import org.sparkharness.data.text.filter.TextFilterJob;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * {@code scripts/bench curation}: the goals of issue 6 / docs/algorithms/data-pipeline.md §8, each measured in one run.
 * <ul>
 *   <li><b>pruning</b>: Fashion-MNIST, every subset trained for the full run's number of SGD steps (S seeds): full
 *       data, EL2N keep 50 %, random 50 %, EL2N keep 30 % skipping the hardest 2 %, random 30 % (+ sanity cells);
 *       10 % injected label noise detected by EL2N (precision at n_noisy, AUROC). {@link PruningStudy}.</li>
 *   <li><b>filters</b>: the offline text corpus (Europarl, SpamAssassin, Jargon File; 24,684 docs): exact dedup
 *       then the Gopher repetition / Gopher quality / C4 / FineWeb chain, per-rule drop counts against the
 *       reference port (§7.3); the chain's single-thread throughput after JIT warm-up (repeated passes, spread
 *       reported) and the Spark filter job on local[1] and local[2].</li>
 *   <li><b>dedup</b>: exact duplicates removed from SpamAssassin (§5.1 ground truth: 207), MinHash signature
 *       throughput on one thread, near-duplicate clusters in the whole corpus.</li>
 * </ul>
 */
public final class CurationBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * docs/algorithms/data-pipeline.md §7.3: per-rule drops of the Python reference port (regex tokenizer, first
     * failing rule).
     */
    static final Map<String, Long> REFERENCE_DROPS = reference();

    private CurationBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) throw new IllegalArgumentException("usage: CurationBench OUT_DIR FASHION_MNIST_DIR TEXT_DATA_DIR");
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        String fmnist = args[1];
        String textData = args[2];
        List<String> sections = List.of(env("SECTIONS", "pruning,filters,dedup").split(","));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cores", Runtime.getRuntime().availableProcessors());
        List<String[]> table = new ArrayList<>();
        if (sections.contains("pruning")) {
            PruningStudy.Settings settings = PruningStudy.Settings.defaults()
                    .withSeedCount(Integer.parseInt(env("SEEDS", "3")));
            PruningStudy.Result r = PruningStudy.run(fmnist, settings, System.out::println);
            System.out.println(PruningStudy.table(r));
            report.put("pruning", r);
            report.put("el2n50_minus_full_pp", r.el2n50MinusFullPp());
            report.put("el2n50_minus_random_pp", r.el2n50MinusRandomPp());
            report.put("offset30_minus_random_pp", r.offset30MinusRandomPp());
            report.put("noise_precision", r.noisePrecision());
            report.put("noise_auroc", r.noiseAuroc());
            table.add(goal("el2n50_minus_full_pp", r.el2n50MinusFullPp(), ">= -0.3", r.el2n50MinusFullPp() >= -0.3));
            table.add(goal("el2n50_minus_random_pp", r.el2n50MinusRandomPp(), ">= 0.8", r.el2n50MinusRandomPp() >= 0.8));
            table.add(goal("offset30_minus_random_pp", r.offset30MinusRandomPp(), ">= 1.0", r.offset30MinusRandomPp() >= 1.0));
            if (r.noisePrecision() != null) {
                table.add(goal("noise_precision", r.noisePrecision(), ">= 0.80", r.noisePrecision() >= 0.80));
                table.add(goal("noise_auroc", r.noiseAuroc(), ">= 0.97", r.noiseAuroc() >= 0.97));
            }
        }
        Path work = out.resolve("curation-work");
        if (sections.contains("filters") || sections.contains("dedup")) {
            try (SparkSession spark = session("local[2]")) {
                CorpusRead corpus = CorpusReader.read(spark, CorpusConfig.standard(textData), System.out::println);
                String docs = work.resolve("corpus").toUri().toString();
                corpus.docs().write().mode("overwrite").parquet(docs);
                report.put("corpus", corpus.report());
                List<String> texts = spark.read().parquet(docs).orderBy(TextSchema.ID).select(TextSchema.TEXT)
                        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
                if (sections.contains("filters")) report.put("filters", filters(spark, docs, texts, work, table));
                if (sections.contains("dedup")) report.put("dedup", dedup(spark, textData, docs, texts, work, table));
            }
            if (sections.contains("filters")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) report.get("filters");
                f.put("spark_scaling", sparkScaling(work.resolve("exact-all/kept").toUri().toString(), work, table));
            }
        }
        Path json = out.resolve("curation.json");
        Files.writeString(json, JSON.writeValueAsString(report));
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %14s %12s %s%n", "figure", "value", "goal", "met");
        for (String[] row : table) System.out.printf(Locale.ROOT, "%-34s %14s %12s %s%n", (Object[]) row);
        System.out.println("wrote " + json);
    }

    private static Map<String, Object> filters(SparkSession spark, String docs, List<String> texts, Path work,
                                               List<String[]> table) {
        Map<String, Object> m = new LinkedHashMap<>();
        // The §7.1 chain: exact dedup first (first occurrence by id), then the quality filters.
        DedupStats exact = ExactDedup.run(spark, spark.read().parquet(docs), ExactDedupSettings.defaults(),
                work.resolve("exact-all").toUri().toString(), System.out::println);
        FilterStats stats = TextFilterJob.run(spark, spark.read().parquet(work.resolve("exact-all/kept").toUri().toString()),
                FilterSettings.defaults(), work.resolve("filter-all").toUri().toString(), System.out::println);
        Map<String, Long> ours = new LinkedHashMap<>(stats.dropsByReason());
        ours.put("exact_dup", exact.removed());
        ours.put("kept", stats.docsOut());
        List<Map<String, Object>> parity = new ArrayList<>();
        long maxDiff = 0;
        for (Map.Entry<String, Long> ref : REFERENCE_DROPS.entrySet()) {
            long got = ours.getOrDefault(ref.getKey(), 0L);
            maxDiff = Math.max(maxDiff, Math.abs(got - ref.getValue()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reason", ref.getKey());
            row.put("reference", ref.getValue());
            row.put("harness", got);
            parity.add(row);
        }
        for (Map.Entry<String, Long> e : ours.entrySet()) {
            if (!REFERENCE_DROPS.containsKey(e.getKey())) {
                maxDiff = Math.max(maxDiff, e.getValue());
                parity.add(Map.of("reason", e.getKey(), "reference", 0, "harness", e.getValue()));
            }
        }
        m.put("per_rule", parity);
        m.put("max_count_difference", maxDiff);
        table.add(goal("filter_kept_docs (ref 754)", stats.docsOut(), "", true));
        table.add(goal("filter_max_rule_count_diff", maxDiff, "<= 123", maxDiff <= 123));

        // Single-thread throughput of the whole chain, after JIT warm-up: docs/s per core.
        FilterChain chain = FilterChain.of(FilterSettings.defaults());
        long chars = texts.stream().mapToLong(String::length).sum();
        int warmups = Integer.parseInt(env("FILTER_WARMUPS", "2"));
        int reps = Integer.parseInt(env("FILTER_REPS", "5"));
        double[] rates = passes(texts, warmups, reps, t -> chain.apply(t).kept());
        Arrays.sort(rates);
        double median = rates[rates.length / 2];
        m.put("docs", texts.size());
        m.put("chars", chars);
        m.put("docs_per_s_per_core", rates);
        m.put("filter_docs_per_s_per_core", median);
        m.put("mb_per_s_per_core", median * chars / texts.size() / 1e6);
        m.put("python_reference_docs_per_s", 1284);
        table.add(goal("filter_docs_per_s_per_core", median, ">= 5000", median >= 5000));
        table.add(new String[] {"  spread (min..max docs/s)", String.format(Locale.ROOT, "%.0f..%.0f", rates[0],
                rates[rates.length - 1]), "", ""});
        return m;
    }

    private static Map<String, Object> dedup(SparkSession spark, String textData, String docs, List<String> texts,
                                             Path work, List<String[]> table) {
        Map<String, Object> m = new LinkedHashMap<>();
        CorpusRead spam = CorpusReader.read(spark, new CorpusConfig(List.of(CorpusInput.of(CorpusInput.SPAM_ASSASSIN,
                textData + "/spam-assassin")), null), System.out::println);
        DedupStats exact = ExactDedup.run(spark, spam.docs(), ExactDedupSettings.defaults(),
                work.resolve("exact-spam").toUri().toString(), System.out::println);
        m.put("spam_assassin_exact", exact);
        m.put("spam_assassin_exact_removed", exact.removed());
        table.add(goal("spam_assassin_exact_dups_removed", exact.removed(), "== 207", exact.removed() == 207));

        MinHasher hasher = MinHasher.datatroveDefaults();
        double[] rates = passes(texts, 1, Integer.parseInt(env("MINHASH_REPS", "3")), t -> hasher.signature(t) != null);
        Arrays.sort(rates);
        m.put("minhash_docs_per_s_per_core", rates[rates.length / 2]);
        m.put("minhash_spread", rates);
        table.add(goal("minhash_docs_per_s_per_core", rates[rates.length / 2], ">= 20000", rates[rates.length / 2] >= 20000));

        DedupStats near = NearDedup.run(spark, spark.read().parquet(docs), NearDedupSettings.defaults(),
                work.resolve("near-all").toUri().toString(), System.out::println);
        m.put("corpus_near", near);
        table.add(goal("corpus_near_dups_removed", near.removed(), "", true));
        return m;
    }

    /** The Spark filter job on local[1] and local[2] (second run of each timed: the first warms up the JIT). */
    private static Map<String, Object> sparkScaling(String docs, Path work, List<String[]> table) {
        Map<String, Object> m = new LinkedHashMap<>();
        double[] rate = new double[2];
        for (int slots = 1; slots <= 2; slots++) {
            try (SparkSession spark = session("local[" + slots + "]")) {
                Dataset<Row> in = spark.read().parquet(docs).repartition(8).cache();
                long n = in.count();
                FilterStats last = null;
                for (int rep = 0; rep < 2; rep++) {
                    last = TextFilterJob.run(spark, in, FilterSettings.defaults(),
                            work.resolve("scaling-" + slots + "-" + rep).toUri().toString(), line -> { });
                }
                rate[slots - 1] = n / last.wallSeconds();
                m.put("local_" + slots + "_docs_per_s", rate[slots - 1]);
            }
        }
        m.put("local2_over_local1", rate[1] / rate[0]);
        table.add(goal("spark_filter_local2_over_local1", rate[1] / rate[0], ">= 1.7", rate[1] / rate[0] >= 1.7));
        return m;
    }

    interface TextOp { boolean apply(String text); }

    /** Docs/s of each timed pass over {@code texts}, after {@code warmups} untimed passes. */
    static double[] passes(List<String> texts, int warmups, int reps, TextOp op) {
        long sink = 0;
        for (int w = 0; w < warmups; w++) for (String t : texts) if (op.apply(t)) sink++;
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (String t : texts) if (op.apply(t)) sink++;
            rates[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
        }
        if (sink == 42) System.out.print(""); // keeps the JIT from discarding the work
        return rates;
    }

    private static SparkSession session(String master) {
        SparkSession spark = SparkSession.builder()
                .config(SparkSetup.conf("bench-curation", master, Map.of("spark.ui.enabled", "false",
                        "spark.sql.shuffle.partitions", "8")))
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }

    private static String[] goal(String name, double value, String goal, boolean met) {
        String v = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
        return new String[] {name, v, goal, goal.isEmpty() ? "" : met ? "yes" : "NO"};
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static Map<String, Long> reference() {
        Map<String, Long> m = new LinkedHashMap<>();
        Object[][] rows = {{"gopher_stop_words", 15519L}, {"gopher_below_alpha", 4011L}, {"fw_line_punct_ratio", 1110L},
            {"gopher_short_doc", 805L}, {"dup_5_gram", 793L}, {"kept", 754L}, {"dup_line_frac", 254L},
            {"c4_too_few_sentences", 247L}, {"c4_curly_bracket", 238L}, {"exact_dup", 213L},
            {"gopher_too_many_bullets", 156L}, {"top_4_gram", 118L}, {"gopher_above_avg", 83L}, {"top_3_gram", 83L},
            {"top_2_gram", 76L}, {"dup_line_char_frac", 66L}, {"dup_10_gram", 26L}, {"gopher_too_many_hashes", 25L},
            {"dup_9_gram", 20L}, {"fw_char_dup_ratio", 18L}, {"dup_6_gram", 17L}, {"dup_8_gram", 15L},
            {"dup_para_frac", 14L}, {"dup_7_gram", 6L}, {"gopher_too_many_ellipsis", 6L}, {"dup_para_char_frac", 6L},
            {"gopher_below_avg", 4L}, {"fw_short_line_ratio", 1L}};
        for (Object[] r : rows) m.put((String) r[0], (Long) r[1]);
        return m;
    }
}
