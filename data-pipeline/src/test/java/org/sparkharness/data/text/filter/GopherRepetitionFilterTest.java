package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparkharness.data.text.filter.GopherRepetitionFilter.DUP_LINE_CHAR_FRAC;
import static org.sparkharness.data.text.filter.GopherRepetitionFilter.DUP_LINE_FRAC;
import static org.sparkharness.data.text.filter.GopherRepetitionFilter.DUP_PARA_CHAR_FRAC;
import static org.sparkharness.data.text.filter.GopherRepetitionFilter.DUP_PARA_FRAC;
import static org.sparkharness.data.text.filter.TestTexts.filler;
import static org.sparkharness.data.text.filter.TestTexts.repeat;
import static org.sparkharness.data.text.filter.TestTexts.word;
import static org.sparkharness.data.text.filter.TestTexts.words;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.text.words.RegexWordTokenizer;
import org.sparkharness.data.text.words.Tokens;

/**
 * Golden boundary cases: each rule alone at its default threshold, documents exactly at it and one step either
 * side (every rule drops strictly above). "Keep" is null.
 */
class GopherRepetitionFilterTest {
    private static final GopherRepetitionSettings DEFAULTS = GopherRepetitionSettings.defaults();
    private static final String EMOJI = new String(Character.toChars(0x1F600));

    private static GopherRepetitionSettings lineRules(double para, double paraChar, double line, double lineChar) {
        return new GopherRepetitionSettings(null, para, paraChar, line, lineChar, new TreeMap<>(), new TreeMap<>());
    }

    private static GopherRepetitionSettings topOnly(int n) {
        return new GopherRepetitionSettings(null, 0.0, 0.0, 0.0, 0.0, new TreeMap<>(Map.of(n, DEFAULTS.topNGrams().get(n))),
                new TreeMap<>());
    }

    private static GopherRepetitionSettings dupOnly(int n) {
        return new GopherRepetitionSettings(null, 0.0, 0.0, 0.0, 0.0, new TreeMap<>(),
                new TreeMap<>(Map.of(n, DEFAULTS.dupNGrams().get(n))));
    }

    private static String reason(GopherRepetitionSettings settings, String text) {
        return new GopherRepetitionFilter(settings).check(Doc.of(text, RegexWordTokenizer.INSTANCE)).reason();
    }

    /** 100 elements joined by {@code sep}: {@code dups} + 1 copies of "ok", the rest distinct. */
    private static String elements(int dups, String sep) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 100; i++) parts.add(i % 3 == 0 && i / 3 <= dups ? "ok" : words(10 * i, 3, 5));
        return String.join(sep, parts);
    }

    @Test
    void duplicateParagraphFractionAboveThirtyPercent() {
        GopherRepetitionSettings s = lineRules(DEFAULTS.dupParaFrac(), 0, 0, 0);
        assertEquals(null, reason(s, elements(29, "\n\n")));
        assertEquals(null, reason(s, elements(30, "\n\n")));
        assertEquals(DUP_PARA_FRAC, reason(s, elements(31, "\n\n")));
        // paragraphs split on runs of 2+ newlines of the stripped text: no empty first and last paragraph
        assertEquals(null, reason(s, " \n\n" + elements(30, "\n\n\n") + "\n\n \n"));
        // single newlines do not split paragraphs
        assertEquals(null, reason(s, elements(99, "\n")));
    }

    @Test
    void duplicateLineFractionAboveThirtyPercent() {
        GopherRepetitionSettings s = lineRules(0, 0, DEFAULTS.dupLineFrac(), 0);
        assertEquals(null, reason(s, elements(29, "\n")));
        assertEquals(null, reason(s, elements(30, "\n")));
        assertEquals(DUP_LINE_FRAC, reason(s, elements(31, "\n")));
        // split on runs of newlines: blank lines are no elements (datatrove#273) ...
        assertEquals(null, reason(s, elements(30, "\n\n\n")));
        // ... but a leading and a trailing newline give two empty elements, one a duplicate: 31 / 102
        assertEquals(DUP_LINE_FRAC, reason(s, "\n" + elements(30, "\n") + "\n"));
    }

    /** u1 SEP d SEP u2 SEP d with exactly {@code length} chars (plain ASCII fillers). */
    private static String twice(String d, int dLength, String sep, int length) {
        int fill = length - 2 * dLength - 3 * sep.length();
        return filler(1000, fill / 2) + sep + d + sep + filler(2000, fill - fill / 2) + sep + d;
    }

    @Test
    void duplicateParagraphCharactersAboveTwentyPercent() {
        GopherRepetitionSettings s = lineRules(0, DEFAULTS.dupParaCharFrac(), 0, 0);
        String d = word(7, 100);
        assertEquals(null, reason(s, twice(d, 100, "\n\n", 501)));
        assertEquals(null, reason(s, twice(d, 100, "\n\n", 500)));                 // 100 / 500
        assertEquals(DUP_PARA_CHAR_FRAC, reason(s, twice(d, 100, "\n\n", 499)));
        // lengths are code points (Python len): 100 emoji are 100 characters, not 200 UTF-16 units
        String emoji = repeat(EMOJI, 100, "");
        assertEquals(null, reason(s, twice(emoji, 100, "\n\n", 500)));
        assertEquals(DUP_PARA_CHAR_FRAC, reason(s, twice(emoji, 100, "\n\n", 499)));
    }

    @Test
    void duplicateLineCharactersAboveTwentyPercent() {
        GopherRepetitionSettings s = lineRules(0, 0, 0, DEFAULTS.dupLineCharFrac());
        String d = word(7, 100);
        assertEquals(null, reason(s, twice(d, 100, "\n", 501)));
        assertEquals(null, reason(s, twice(d, 100, "\n", 500)));
        assertEquals(DUP_LINE_CHAR_FRAC, reason(s, twice(d, 100, "\n", 499)));
    }

    /**
     * {@code count} copies of the n-gram {@code gram} separated by distinct fillers, exactly {@code length} chars:
     * gram F1 gram F2 ... gram Fcount.
     */
    private static String gramDoc(String gram, int count, int length) {
        int fill = length - count * gram.length() - (2 * count - 1);
        StringBuilder t = new StringBuilder();
        for (int k = 0; k < count; k++) {
            int f = k < count - 1 ? fill / count : fill - (count - 1) * (fill / count);
            t.append(k > 0 ? " " : "").append(gram).append(' ').append(filler(1000 * (k + 1), f));
        }
        if (t.length() != length) throw new AssertionError(t.length() + " != " + length);
        return t.toString();
    }

    @Test
    void topNGramCharacterFractions() {
        // top n-gram: n words of 2 letters, (3n - 1) chars; count c; (3n - 1) c / L at the threshold:
        // n = 2: 5 * 4 / 100 = 0.20; n = 3: 8 * 9 / 400 = 0.18; n = 4: 11 * 4 / 275 = 0.16
        int[][] cases = {{2, 4, 100}, {3, 9, 400}, {4, 4, 275}};
        for (int[] c : cases) {
            int n = c[0];
            GopherRepetitionSettings s = topOnly(n);
            String gram = words(200, n, 2);
            String reason = GopherRepetitionFilter.topNGramReason(n);
            assertEquals(null, reason(s, gramDoc(gram, c[1], c[2] + 1)), "n = " + n + " below");
            assertEquals(null, reason(s, gramDoc(gram, c[1], c[2])), "n = " + n + " at");
            assertEquals(reason, reason(s, gramDoc(gram, c[1], c[2] - 1)), "n = " + n + " above");
        }
    }

    @Test
    void topNGramTiesGoToTheFirstSeenLikeCounterMostCommon() {
        Tokens shortFirst = RegexWordTokenizer.INSTANCE.tokenize("c d aaaa bbbb c d aaaa bbbb");
        Tokens longFirst = RegexWordTokenizer.INSTANCE.tokenize("aaaa bbbb c d aaaa bbbb c d");
        assertEquals(3.0 * 2, GopherRepetitionFilter.topNGramChars(shortFirst, 2));
        assertEquals(9.0 * 2, GopherRepetitionFilter.topNGramChars(longFirst, 2));
        // all distinct: the first n-gram once
        assertEquals(8.0, GopherRepetitionFilter.topNGramChars(RegexWordTokenizer.INSTANCE.tokenize("ab cd ef gh"), 3));
        // lengths in code points
        Tokens emoji = RegexWordTokenizer.INSTANCE.tokenize(EMOJI + EMOJI + " x " + EMOJI + EMOJI + " x");
        assertEquals(4.0 * 2, GopherRepetitionFilter.topNGramChars(emoji, 2));
    }

    @Test
    void duplicateNGramCharacterFractions() {
        // n words of w letters repeated once add R = n w; L = R / threshold exactly
        int[][] cases = {{5, 3, 100}, {6, 7, 300}, {7, 13, 700}, {8, 3, 200}, {9, 11, 900}, {10, 1, 100}};
        for (int[] c : cases) {
            int n = c[0];
            assertEquals(DEFAULTS.dupNGrams().get(n), (double) n * c[1] / c[2], 1e-12);
            GopherRepetitionSettings s = dupOnly(n);
            String block = words(0, n, c[1]);
            String reason = GopherRepetitionFilter.dupNGramReason(n);
            assertEquals(null, reason(s, blockTwice(block, c[2] + 1)), "n = " + n + " below");
            assertEquals(null, reason(s, blockTwice(block, c[2])), "n = " + n + " at");
            assertEquals(reason, reason(s, blockTwice(block, c[2] - 1)), "n = " + n + " above");
        }
    }

    /** F1 block F2 block F3, exactly {@code length} chars. */
    private static String blockTwice(String block, int length) {
        int fill = length - 2 * block.length() - 4;
        String t = filler(1000, fill / 3) + " " + block + " " + filler(2000, fill / 3) + " " + block + " "
                + filler(3000, fill - 2 * (fill / 3));
        if (t.length() != length) throw new AssertionError(t.length() + " != " + length);
        return t;
    }

    @Test
    void duplicateNGramScanJumpsAndJoinsWithoutSeparator() {
        // 10 words, windows 0..5: 0 new; 1 seen (+5, jump to 6): the scan ends at 5
        Tokens ten = RegexWordTokenizer.INSTANCE.tokenize(repeat("a", 10, " "));
        assertEquals(5.0, GopherRepetitionFilter.repeatedNGramChars(ten, new GopherRepetitionFilter.ConcatHashes(ten), 5));
        // 11 words, windows 0..6: 0 new; 1 seen (+5, jump to 6); 6 seen (+5): 10
        Tokens eleven = RegexWordTokenizer.INSTANCE.tokenize(repeat("a", 11, " "));
        assertEquals(10.0, GopherRepetitionFilter.repeatedNGramChars(eleven,
                new GopherRepetitionFilter.ConcatHashes(eleven), 5));
        // keys are concatenations: "ab c d e f" and "a bc d e f" are the same 5-gram "abcdef"
        Tokens joined = RegexWordTokenizer.INSTANCE.tokenize("ab c d e f x a bc d e f");
        assertEquals(6.0, GopherRepetitionFilter.repeatedNGramChars(joined,
                new GopherRepetitionFilter.ConcatHashes(joined), 5));
        Tokens distinct = RegexWordTokenizer.INSTANCE.tokenize("ab c d e f x a bd d e f");
        assertEquals(0.0, GopherRepetitionFilter.repeatedNGramChars(distinct,
                new GopherRepetitionFilter.ConcatHashes(distinct), 5));
        // code points: a repeated 5-gram of tokens with 2 code points (3 UTF-16 units) each
        Tokens emoji = RegexWordTokenizer.INSTANCE.tokenize(repeat(EMOJI + "!", 10, " "));
        assertEquals(10.0, GopherRepetitionFilter.repeatedNGramChars(emoji, new GopherRepetitionFilter.ConcatHashes(emoji), 5));
    }

    @Test
    void emptyAndBlankTextsAreKeptWithoutDividingByZero() {
        GopherRepetitionFilter f = new GopherRepetitionFilter(DEFAULTS);
        assertEquals(null, f.check(Doc.of("", RegexWordTokenizer.INSTANCE)).reason());
        assertEquals(null, f.check(Doc.of(" \t ", RegexWordTokenizer.INSTANCE)).reason());
        // but a newline-only text has duplicate empty lines: ["", ""] is 1 duplicate of 2 elements
        assertEquals(DUP_LINE_FRAC, f.check(Doc.of("\n", RegexWordTokenizer.INSTANCE)).reason());
    }

    @Test
    void reasonsListEveryRuleInOrder() {
        assertEquals(List.of("dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac", "top_2_gram",
                        "top_3_gram", "top_4_gram", "dup_5_gram", "dup_6_gram", "dup_7_gram", "dup_8_gram", "dup_9_gram",
                        "dup_10_gram"),
                new GopherRepetitionFilter(DEFAULTS).reasons());
    }
}
