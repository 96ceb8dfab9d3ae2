package org.sparkharness.data.text.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sparkharness.data.text.words.DatatroveWordTokenizer;
import org.sparkharness.data.text.words.ShingleWords;

/**
 * Single-threaded MinHash signature throughput (docs/algorithms/data-pipeline.md §8, G10: ≥ 20,000 docs/s/core) on the
 * §4 corpus: every document's signature (datatrove defaults: 5-grams, 112 hashes, SHA-1), repeated rounds after a
 * warm-up, with the spread. Rates are per CPU second of the measuring thread (ThreadMXBean), which on a shared machine
 * is the per-core figure; wall-clock rates are printed next to them. Also times the stages (simplify, + tokenise,
 * + shingle hashing) to show where the time goes. Not a unit test; run it by hand:
 *
 * <pre>
 * mvn -o -q -pl data-pipeline -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat data-pipeline/target/cp.txt) \
 *     org.sparkharness.data.text.dedup.MinHashThroughput /tmp/dl/corpus.jsonl [rounds] [sha1|xxhash64]
 * </pre>
 */
public final class MinHashThroughput {
    private MinHashThroughput() {}

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "/tmp/dl/corpus.jsonl");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        ShingleHash shingleHash = args.length > 2 ? ShingleHash.of(args[2]) : ShingleHash.SHA1;
        List<String> texts = readTexts(corpus);
        long chars = texts.stream().mapToLong(String::length).sum();
        MinHasher hasher = new MinHasher(5, 14, 8, 1, shingleHash, TextSimplification.defaults());
        MinHasher.Worker worker = hasher.worker();
        System.out.printf(Locale.ROOT, "%d docs, %.1f M chars, %s%n", texts.size(), chars / 1e6, hasher);

        for (int warm = 0; warm < 2; warm++) {
            runSignatures(worker, texts);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long sink = runSignatures(worker, texts);
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            rates[r] = texts.size() / cpu;
            System.out.printf(Locale.ROOT, "round %d: %.3f CPU s, %,.0f docs/CPU-s, %.1f M chars/CPU-s; wall %.3f s, "
                    + "%,.0f docs/s (checksum %d)%n", r, cpu, rates[r], chars / cpu / 1e6, wall, texts.size() / wall,
                    sink);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "signatures: median %,.0f docs/s/core (min %,.0f, max %,.0f) over %d rounds "
                + "(per CPU second)%n",
                sorted[rounds / 2], sorted[0], sorted[rounds - 1], rounds);

        TextSimplification simplification = TextSimplification.defaults();
        ShingleHash.Hasher sha = shingleHash.newHasher();
        double simplify = time(() -> {
            long n = 0;
            for (String t : texts) {
                n += simplification.simplify(t).length();
            }
            return n;
        });
        double tokenize = time(() -> {
            long n = 0;
            for (String t : texts) {
                n += DatatroveWordTokenizer.shingleWords(simplification.simplify(t)).count();
            }
            return n;
        });
        double shingles = time(() -> {
            long n = 0;
            for (String t : texts) {
                ShingleWords tok = DatatroveWordTokenizer.shingleWords(simplification.simplify(t));
                for (int i = 0; i + 4 < tok.count(); i++) {
                    n += sha.hash(tok.utf8(), tok.start(i), tok.end(i + 4) - tok.start(i));
                }
            }
            return n;
        });
        double all = time(() -> runSignatures(worker, texts));
        System.out.printf(Locale.ROOT, "per pass (CPU s): simplify %.2f s, +tokenise %.2f s, +shingle hashes %.2f s, "
                + "+112 permutations %.2f s%n", simplify, tokenize, shingles, all);
    }

    private static long runSignatures(MinHasher.Worker worker, List<String> texts) {
        long sink = 0;
        for (String t : texts) {
            long[] sig = worker.signature(t);
            if (sig != null) {
                sink += sig[0];
            }
        }
        return sink;
    }

    /** Best of three, in CPU seconds of this thread. */
    private static double time(java.util.function.LongSupplier work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            work.getAsLong();
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        return best;
    }

    static List<String> readTexts(Path jsonl) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    texts.add(node.get("text").asText());
                }
            }
        }
        return texts;
    }
}
