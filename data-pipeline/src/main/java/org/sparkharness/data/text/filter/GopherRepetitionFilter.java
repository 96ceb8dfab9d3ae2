package org.sparkharness.data.text.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparkharness.data.text.words.Hashing;
import org.sparkharness.data.text.words.Tokens;

/**
 * Gopher repetition rules (Rae et al. 2021, Table A1) with datatrove @a649de7 semantics, in datatrove's order.
 * Every rule drops when its fraction is strictly above its threshold; character fractions divide by the text's
 * length in code points. As in datatrove, a line or paragraph threshold of 0 switches its rule off (an n-gram
 * threshold of 0 does not: leave the n out instead), and a fraction whose denominator is 0 never drops. "Duplicate" means the second and later occurrences of an element.
 *
 * <ol>
 *   <li>{@value #DUP_PARA_FRAC}, {@value #DUP_PARA_CHAR_FRAC}: paragraphs = the stripped text split on
 *       {@code \n{2,}}; duplicate paragraphs / paragraphs, then their characters / text length</li>
 *   <li>{@value #DUP_LINE_FRAC}, {@value #DUP_LINE_CHAR_FRAC}: lines = the text split on {@code \n+} (empty first
 *       and last elements included, as {@code re.split} gives them)</li>
 *   <li>{@code top_n_gram} for each n of {@code topNGrams} (ascending): n-grams are n consecutive tokens joined by
 *       a space; (length of the most frequent n-gram × its count) / text length. Ties between equally frequent
 *       n-grams go to the one seen first, as Python's {@code Counter.most_common(1)} does.</li>
 *   <li>{@code dup_n_gram} for each n of {@code dupNGrams} (ascending): scan the tokens; the key is the n tokens
 *       concatenated <em>without</em> separator; a key seen before adds its length and jumps n tokens, a new key
 *       is recorded and the scan advances one token; total / text length.</li>
 * </ol>
 * The n-gram rules compare hashes (of token ids, or polynomial hashes of the concatenated chars) and confirm every
 * hash hit on the text, so the result is exactly that of the string-keyed reference.
 */
public final class GopherRepetitionFilter implements QualityFilter {
    private static final long serialVersionUID = 1L;

    public static final String FAMILY = "gopher_repetition";
    public static final String DUP_PARA_FRAC = "dup_para_frac";
    public static final String DUP_PARA_CHAR_FRAC = "dup_para_char_frac";
    public static final String DUP_LINE_FRAC = "dup_line_frac";
    public static final String DUP_LINE_CHAR_FRAC = "dup_line_char_frac";

    /** Odd base of the polynomial hash; arithmetic is modulo 2^64, where odd numbers are invertible. */
    private static final long BASE = 0x100000001b3L * 2 + 1;
    private static final long BASE_INVERSE = inverse(BASE);

    private final GopherRepetitionSettings settings;
    private final int[] topN;
    private final double[] topThreshold;
    private final String[] topReason;
    private final int[] dupN;
    private final double[] dupThreshold;
    private final String[] dupReason;
    private final List<String> reasons;

    public GopherRepetitionFilter(GopherRepetitionSettings settings) {
        this.settings = settings;
        List<String> all = new ArrayList<>(List.of(DUP_PARA_FRAC, DUP_PARA_CHAR_FRAC, DUP_LINE_FRAC, DUP_LINE_CHAR_FRAC));
        int t = 0;
        topN = new int[settings.topNGrams().size()];
        topThreshold = new double[topN.length];
        topReason = new String[topN.length];
        for (Map.Entry<Integer, Double> e : settings.topNGrams().entrySet()) {
            topN[t] = e.getKey();
            topThreshold[t] = e.getValue();
            topReason[t] = topNGramReason(e.getKey());
            all.add(topReason[t++]);
        }
        int d = 0;
        dupN = new int[settings.dupNGrams().size()];
        dupThreshold = new double[dupN.length];
        dupReason = new String[dupN.length];
        for (Map.Entry<Integer, Double> e : settings.dupNGrams().entrySet()) {
            dupN[d] = e.getKey();
            dupThreshold[d] = e.getValue();
            dupReason[d] = dupNGramReason(e.getKey());
            all.add(dupReason[d++]);
        }
        reasons = List.copyOf(all);
    }

    /** {@code top_<n>_gram}. */
    public static String topNGramReason(int n) {
        return "top_" + n + "_gram";
    }

    /** {@code dup_<n>_gram} (datatrove: {@code duplicated_<n>_n_grams}). */
    public static String dupNGramReason(int n) {
        return "dup_" + n + "_gram";
    }

    public GopherRepetitionSettings settings() {
        return settings;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public List<String> reasons() {
        return reasons;
    }

    @Override
    public Verdict check(Doc doc) {
        String text = doc.text();
        double length = doc.length();

        double paraFrac = settings.dupParaFrac();
        double paraCharFrac = settings.dupParaCharFrac();
        if (paraFrac > 0 || paraCharFrac > 0) {
            int[] count = new int[1];
            int[] spans = paragraphs(text, count);
            Duplicates dups = Duplicates.of(doc, spans, count[0]);
            if (paraFrac > 0 && (double) dups.elements / count[0] > paraFrac) return Verdict.drop(DUP_PARA_FRAC);
            if (paraCharFrac > 0 && length > 0 && dups.chars / length > paraCharFrac) return Verdict.drop(DUP_PARA_CHAR_FRAC);
        }

        double lineFrac = settings.dupLineFrac();
        double lineCharFrac = settings.dupLineCharFrac();
        if (lineFrac > 0 || lineCharFrac > 0) {
            int[] count = new int[1];
            int[] spans = lines(text, count);
            Duplicates dups = Duplicates.of(doc, spans, count[0]);
            if (lineFrac > 0 && (double) dups.elements / count[0] > lineFrac) return Verdict.drop(DUP_LINE_FRAC);
            if (lineCharFrac > 0 && length > 0 && dups.chars / length > lineCharFrac) return Verdict.drop(DUP_LINE_CHAR_FRAC);
        }
        if (length == 0) return Verdict.KEEP;

        Tokens tokens = doc.tokens();
        for (int k = 0; k < topN.length; k++) {
            if (tokens.count() >= topN[k]
                    && topNGramChars(tokens, topN[k]) / length > topThreshold[k]) {
                return Verdict.drop(topReason[k]);
            }
        }
        if (dupN.length > 0) {
            ConcatHashes hashes = null;
            for (int k = 0; k < dupN.length; k++) {
                if (tokens.count() < dupN[k]) continue;
                if (hashes == null) hashes = new ConcatHashes(tokens);
                if (repeatedNGramChars(tokens, hashes, dupN[k]) / length > dupThreshold[k]) return Verdict.drop(dupReason[k]);
            }
        }
        return Verdict.KEEP;
    }

    /** {@code re.split(r"\n{2,}", text.strip())} as spans; an all-whitespace text gives one empty paragraph. */
    static int[] paragraphs(String text, int[] countOut) {
        int start = PyStr.stripStart(text, 0, text.length());
        int end = PyStr.stripEnd(text, start, text.length());
        SpanList out = new SpanList();
        int from = start;
        int i = start;
        while (i < end) {
            if (text.charAt(i) == '\n' && i + 1 < end && text.charAt(i + 1) == '\n') {
                int j = i + 2;
                while (j < end && text.charAt(j) == '\n') j++;
                out.add(from, i);
                from = j;
                i = j;
            } else {
                i++;
            }
        }
        out.add(from, end);
        countOut[0] = out.count;
        return out.spans;
    }

    /** {@code re.split(r"\n+", text)} as spans, with the empty elements before a leading or after a trailing run. */
    static int[] lines(String text, int[] countOut) {
        SpanList out = new SpanList();
        int n = text.length();
        int from = 0;
        int i = 0;
        while (i < n) {
            if (text.charAt(i) == '\n') {
                int j = i + 1;
                while (j < n && text.charAt(j) == '\n') j++;
                out.add(from, i);
                from = j;
                i = j;
            } else {
                i++;
            }
        }
        out.add(from, n);
        countOut[0] = out.count;
        return out.spans;
    }

    /**
     * Length (code points, words joined by single spaces) times count of the most frequent n-gram; among equally
     * frequent n-grams the first seen wins, like {@code Counter.most_common(1)}.
     */
    static double topNGramChars(Tokens tokens, int n) {
        int grams = tokens.count() - n + 1;
        int[] ids = new int[tokens.count()];
        for (int i = 0; i < ids.length; i++) ids[i] = tokens.wordId(i);
        int size = Hashing.tableSize(grams);
        int mask = size - 1;
        int[] slotFirst = new int[size];
        int[] slotCount = new int[size];
        java.util.Arrays.fill(slotFirst, -1);
        int bestFirst = -1;
        int bestCount = 0;
        for (int i = 0; i < grams; i++) {
            long h = 0;
            for (int k = 0; k < n; k++) h = h * 0x9E3779B97F4A7C15L + ids[i + k] + 1;
            int slot = Hashing.mix(h) & mask;
            while (true) {
                int first = slotFirst[slot];
                if (first < 0) {
                    slotFirst[slot] = i;
                    slotCount[slot] = 1;
                    if (bestCount < 1) {
                        bestCount = 1;
                        bestFirst = i;
                    }
                    break;
                }
                if (sameIds(ids, first, i, n)) {
                    int c = ++slotCount[slot];
                    // strictly more frequent, or as frequent and seen earlier
                    if (c > bestCount || (c == bestCount && first < bestFirst)) {
                        bestCount = c;
                        bestFirst = first;
                    }
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        long gramLength = n - 1;
        for (int k = 0; k < n; k++) gramLength += tokens.length(bestFirst + k);
        return (double) gramLength * bestCount;
    }

    private static boolean sameIds(int[] ids, int a, int b, int n) {
        for (int k = 0; k < n; k++) {
            if (ids[a + k] != ids[b + k]) return false;
        }
        return true;
    }

    /** datatrove's {@code find_all_duplicate}: characters (code points) of n-grams repeated during the jump scan. */
    static double repeatedNGramChars(Tokens tokens, ConcatHashes hashes, int n) {
        int words = tokens.count();
        int grams = words - n + 1;
        int size = Hashing.tableSize(grams);
        int mask = size - 1;
        int[] slotStart = new int[size];
        long[] slotHash = new long[size];
        java.util.Arrays.fill(slotStart, -1);
        long repeated = 0;
        int i = 0;
        while (i < grams) {
            long h = hashes.hash(i, i + n);
            int slot = Hashing.mix(h) & mask;
            boolean seen = false;
            while (true) {
                int other = slotStart[slot];
                if (other < 0) {
                    slotStart[slot] = i;
                    slotHash[slot] = h;
                    break;
                }
                if (slotHash[slot] == h && hashes.sameConcatenation(other, i, n)) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (seen) {
                repeated += hashes.codePoints(i, i + n);
                i += n;
            } else {
                i++;
            }
        }
        return repeated;
    }

    /**
     * Prefix polynomial hashes of the tokens' chars concatenated without separator, so that any run of tokens
     * hashes in O(1): {@code H(i, j) = P[j] - P[i] * B^(chars in i..j)}, the power taken from prefix powers and
     * their inverses.
     */
    static final class ConcatHashes {
        private final Tokens tokens;
        private final long[] prefix;
        private final long[] power;
        private final long[] inversePower;
        private final int[] chars;
        private final int[] codePoints;

        ConcatHashes(Tokens tokens) {
            this.tokens = tokens;
            int words = tokens.count();
            String s = tokens.text();
            int distinct = tokens.distinctWords();
            long[] wordHash = new long[distinct];
            long[] wordPower = new long[distinct];
            long[] wordInverse = new long[distinct];
            boolean[] done = new boolean[distinct];
            prefix = new long[words + 1];
            power = new long[words + 1];
            inversePower = new long[words + 1];
            chars = new int[words + 1];
            codePoints = new int[words + 1];
            power[0] = 1;
            inversePower[0] = 1;
            for (int t = 0; t < words; t++) {
                int id = tokens.wordId(t);
                int start = tokens.start(t);
                int end = tokens.end(t);
                if (!done[id]) {
                    long h = 0;
                    long p = 1;
                    long q = 1;
                    for (int c = start; c < end; c++) {
                        h = h * BASE + s.charAt(c);
                        p *= BASE;
                        q *= BASE_INVERSE;
                    }
                    wordHash[id] = h;
                    wordPower[id] = p;
                    wordInverse[id] = q;
                    done[id] = true;
                }
                prefix[t + 1] = prefix[t] * wordPower[id] + wordHash[id];
                power[t + 1] = power[t] * wordPower[id];
                inversePower[t + 1] = inversePower[t] * wordInverse[id];
                chars[t + 1] = chars[t] + (end - start);
                codePoints[t + 1] = codePoints[t] + tokens.length(t);
            }
        }

        /** Hash of tokens {@code [i, j)} concatenated. */
        long hash(int i, int j) {
            return prefix[j] - prefix[i] * (power[j] * inversePower[i]);
        }

        int codePoints(int i, int j) {
            return codePoints[j] - codePoints[i];
        }

        /** Whether tokens {@code [a, a+n)} and {@code [b, b+n)} concatenate to the same string. */
        boolean sameConcatenation(int a, int b, int n) {
            if (chars[a + n] - chars[a] != chars[b + n] - chars[b]) return false;
            String s = tokens.text();
            int ta = a;
            int tb = b;
            int pa = tokens.start(ta);
            int pb = tokens.start(tb);
            int remaining = chars[a + n] - chars[a];
            while (remaining > 0) {
                int run = Math.min(tokens.end(ta) - pa, tokens.end(tb) - pb);
                if (!s.regionMatches(pa, s, pb, run)) return false;
                remaining -= run;
                pa += run;
                pb += run;
                if (remaining == 0) break;
                if (pa == tokens.end(ta)) pa = tokens.start(++ta);
                if (pb == tokens.end(tb)) pb = tokens.start(++tb);
            }
            return true;
        }
    }

    /** Modular inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) x *= 2 - odd * x;
        return x;
    }

    /** A growable {@code [start, end, ...]} array. */
    private static final class SpanList {
        int[] spans = new int[16];
        int count;

        void add(int start, int end) {
            if (2 * count + 2 > spans.length) spans = java.util.Arrays.copyOf(spans, spans.length * 2);
            spans[2 * count] = start;
            spans[2 * count + 1] = end;
            count++;
        }
    }
}
