package org.sparkharness.data.text.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sparkharness.data.text.words.RegexWordTokenizer;

/**
 * Parity and throughput of the default chain on the offline corpus of docs/algorithms/data-pipeline.md §4 (24,684 JSON
 * lines: id, source, location, text), against the reference figures of §7.3. Not a test (surefire does not run it):
 * <pre>
 * mvn -o -q -pl data-pipeline -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat /tmp/cp.txt) \
 *     org.sparkharness.data.text.filter.CorpusParity /tmp/dl/corpus.jsonl [repetitions] [reasons.tsv]
 * </pre>
 * The optional third argument names a file prefix: one {@code id, reason[, md5 of the kept text]} line per
 * document and tokenizer, for diffing against another implementation. Exact dedup here is a throwaway map from MD5(whitespace-collapsed text) to the first id, only to reproduce the
 * reference's input to the chain. Throughput is the chain alone, single-threaded, after warm-up passes.
 */
public final class CorpusParity {
    /** docs/algorithms/data-pipeline.md §7.3 (regex tokenizer, first failing rule wins). */
    private static final Map<String, Long> REFERENCE = new LinkedHashMap<>();

    static {
        Object[] table = {
                "gopher_stop_words", 15_519, "gopher_below_alpha", 4_011, "fw_line_punct_ratio", 1_110,
                "gopher_short_doc", 805, "dup_5_gram", 793, "kept", 754, "dup_line_frac", 254,
                "c4_too_few_sentences", 247, "c4_curly_bracket", 238, "exact_dup", 213, "gopher_too_many_bullets", 156,
                "top_4_gram", 118, "top_3_gram", 83, "gopher_above_avg", 83, "top_2_gram", 76,
                "dup_line_char_frac", 66, "dup_10_gram", 26, "gopher_too_many_hashes", 25, "dup_9_gram", 20,
                "fw_char_dup_ratio", 18, "dup_6_gram", 17, "dup_8_gram", 15, "dup_para_frac", 14, "dup_7_gram", 6,
                "gopher_too_many_ellipsis", 6, "dup_para_char_frac", 6, "gopher_below_avg", 4, "fw_short_line_ratio", 1,
        };
        for (int i = 0; i < table.length; i += 2) REFERENCE.put((String) table[i], ((Integer) table[i + 1]).longValue());
    }

    private record Document(long id, String source, String text) {}

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "/tmp/dl/corpus.jsonl");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path reasonsOut = args.length > 2 ? Path.of(args[2]) : null;

        List<Document> all = read(corpus);
        long chars = all.stream().mapToLong(d -> d.text.length()).sum();
        System.out.printf("corpus: %,d docs, %,d chars (UTF-16)%n", all.size(), chars);

        Map<String, Long> dedup = new HashMap<>();
        List<Document> unique = new ArrayList<>();
        Map<String, Long> firstId = new HashMap<>();
        for (Document d : all) {
            if (firstId.putIfAbsent(md5(collapseWhitespace(d.text)), d.id) != null) {
                dedup.merge("exact_dup", 1L, Long::sum);
            } else {
                unique.add(d);
            }
        }

        FilterChain chain = FilterChain.of(FilterSettings.defaults());
        for (String tokenizer : FilterSettings.TOKENIZERS) {
            FilterChain c = FilterChain.of(FilterSettings.defaults().withTokenizer(tokenizer));
            System.out.println("== tokenizer " + tokenizer + ": " + c.tokenizer().name());
            parity(c, unique, new HashMap<>(dedup),
                    reasonsOut == null ? null : Path.of(reasonsOut + "." + tokenizer));
        }

        String[] texts = unique.stream().map(Document::text).toArray(String[]::new);
        long uniqueChars = Arrays.stream(texts).mapToLong(String::length).sum();
        for (int w = 0; w < 3; w++) runChain(chain, texts);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] rates = new double[repetitions];
        double[] cpuRates = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int kept = runChain(chain, texts);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            rates[r] = texts.length / s;
            cpuRates[r] = texts.length / cpu;
            System.out.printf("rep %2d: wall %.3f s (%,.0f docs/s, %.1f M chars/s), CPU %.3f s (%,.0f docs/s), kept %d%n",
                    r + 1, s, rates[r], uniqueChars / s / 1e6, cpu, cpuRates[r], kept);
        }
        report("wall", rates, texts.length);
        report("CPU", cpuRates, texts.length);
        tokenizerSpeed(texts, repetitions);
    }

    private static void parity(FilterChain chain, List<Document> unique, Map<String, Long> counts, Path reasonsOut)
            throws IOException, NoSuchAlgorithmException {
        Map<String, long[]> keptBySource = new TreeMap<>();
        PrintWriter reasons = reasonsOut == null ? null : new PrintWriter(Files.newBufferedWriter(reasonsOut));
        for (Document d : unique) {
            FilterChain.Outcome o = chain.apply(d.text);
            String reason = o.kept() ? "kept" : o.reason();
            counts.merge(reason, 1L, Long::sum);
            keptBySource.computeIfAbsent(group(d.source), k -> new long[2])[o.kept() ? 0 : 1]++;
            if (reasons != null) reasons.println(d.id + "\t" + reason + (o.kept() ? "\t" + md5(o.text()) : ""));
        }
        if (reasons != null) reasons.close();
        System.out.printf("%-30s %8s %8s %6s%n", "reason", "java", "ref", "diff");
        TreeSet<String> names = new TreeSet<>(REFERENCE.keySet());
        names.addAll(counts.keySet());
        List<String> ordered = new ArrayList<>(names);
        ordered.sort((a, b) -> Long.compare(counts.getOrDefault(b, 0L), counts.getOrDefault(a, 0L)));
        long worst = 0;
        for (String name : ordered) {
            long mine = counts.getOrDefault(name, 0L);
            long ref = REFERENCE.getOrDefault(name, 0L);
            worst = Math.max(worst, Math.abs(mine - ref));
            System.out.printf("%-30s %8d %8d %+6d%n", name, mine, ref, mine - ref);
        }
        System.out.printf("largest |difference| %d (G9 allows 123)%n", worst);
        keptBySource.forEach((s, kd) -> System.out.printf("source %-9s kept %5d dropped %6d%n", s, kd[0], kd[1]));

    }

    private static void report(String clock, double[] rates, int docs) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("chain throughput (%s clock) over %,d docs, %d reps: min %,.0f / median %,.0f / max %,.0f "
                + "docs/s, single thread%n", clock, docs, rates.length, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }

    /** Tokenising alone: the char loop against java.util.regex with the same pattern, best of the repetitions. */
    private static void tokenizerSpeed(String[] texts, int repetitions) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(RegexWordTokenizer.PATTERN,
                java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
        double loop = Double.MAX_VALUE;
        double regex = Double.MAX_VALUE;
        long tokens = 0;
        for (int r = 0; r < Math.max(3, repetitions / 2); r++) {
            long t0 = System.nanoTime();
            long n = 0;
            for (String t : texts) n += RegexWordTokenizer.INSTANCE.tokenize(t).count();
            loop = Math.min(loop, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            long m = 0;
            for (String t : texts) {
                java.util.regex.Matcher matcher = p.matcher(t);
                while (matcher.find()) m++;
            }
            regex = Math.min(regex, (System.nanoTime() - t0) / 1e9);
            if (n != m) throw new IllegalStateException("token counts differ: " + n + " vs " + m);
            tokens = n;
        }
        System.out.printf("tokenize %,d tokens: char loop %.3f s, java.util.regex %.3f s (%.1fx)%n", tokens, loop, regex,
                regex / loop);
    }

    private static int runChain(FilterChain chain, String[] texts) {
        int kept = 0;
        for (String t : texts) {
            if (chain.apply(t).kept()) kept++;
        }
        return kept;
    }

    /** ham / spam / jargon / europarl, as §7.3 reports kept docs. */
    private static String group(String source) {
        if (source.startsWith("spam")) return "spam";
        if (source.contains("ham")) return "ham";
        return source;
    }

    private static List<Document> read(Path corpus) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Document> docs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = json.readTree(line);
                docs.add(new Document(n.get("id").asLong(), n.get("source").asText(), n.get("text").asText()));
            }
        }
        return docs;
    }

    /** Python's {@code " ".join(text.split())}. */
    static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && PyStr.isSpace(text.charAt(i))) i++;
            if (i == n) break;
            if (out.length() > 0) out.append(' ');
            while (i < n && !PyStr.isSpace(text.charAt(i))) out.append(text.charAt(i++));
        }
        return out.toString();
    }

    private static String md5(String s) throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(32);
        for (byte b : d) hex.append(String.format("%02x", b));
        return hex.toString();
    }
}
