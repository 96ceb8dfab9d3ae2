package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparkharness.data.text.filter.GopherQualityFilter.ABOVE_AVG;
import static org.sparkharness.data.text.filter.GopherQualityFilter.BELOW_ALPHA;
import static org.sparkharness.data.text.filter.GopherQualityFilter.BELOW_AVG;
import static org.sparkharness.data.text.filter.GopherQualityFilter.LONG_DOC;
import static org.sparkharness.data.text.filter.GopherQualityFilter.SHORT_DOC;
import static org.sparkharness.data.text.filter.GopherQualityFilter.STOP_WORDS;
import static org.sparkharness.data.text.filter.GopherQualityFilter.TOO_MANY_BULLETS;
import static org.sparkharness.data.text.filter.GopherQualityFilter.TOO_MANY_ELLIPSIS;
import static org.sparkharness.data.text.filter.GopherQualityFilter.TOO_MANY_END_ELLIPSIS;
import static org.sparkharness.data.text.filter.GopherQualityFilter.TOO_MANY_HASHES;
import static org.sparkharness.data.text.filter.TestTexts.repeat;
import static org.sparkharness.data.text.filter.TestTexts.word;
import static org.sparkharness.data.text.filter.TestTexts.words;

import org.junit.jupiter.api.Test;
import org.sparkharness.data.text.words.RegexWordTokenizer;

/**
 * Golden boundary cases: each rule alone (the others switched off with 0) at its default threshold, with documents
 * exactly at it and one step either side. "Keep" is null.
 */
class GopherQualityFilterTest {

    /** Every threshold 0 (off) except those given as (field, value) pairs. */
    private static GopherQualitySettings only(Object... fieldValues) {
        Integer minDoc = 0, maxDoc = 0, minStop = 0;
        Double minAvg = 0.0, maxAvg = 0.0, symbol = 0.0, bullets = 0.0, ellipsis = 0.0, alpha = 0.0;
        for (int i = 0; i < fieldValues.length; i += 2) {
            Number v = (Number) fieldValues[i + 1];
            switch ((String) fieldValues[i]) {
                case "minDocWords": minDoc = v.intValue(); break;
                case "maxDocWords": maxDoc = v.intValue(); break;
                case "minAvgWordLength": minAvg = v.doubleValue(); break;
                case "maxAvgWordLength": maxAvg = v.doubleValue(); break;
                case "maxSymbolWordRatio": symbol = v.doubleValue(); break;
                case "maxBulletLinesRatio": bullets = v.doubleValue(); break;
                case "maxEllipsisLinesRatio": ellipsis = v.doubleValue(); break;
                case "minAlphaWordsRatio": alpha = v.doubleValue(); break;
                case "minStopWords": minStop = v.intValue(); break;
                default: throw new IllegalArgumentException((String) fieldValues[i]);
            }
        }
        return new GopherQualitySettings(minDoc, maxDoc, minAvg, maxAvg, symbol, bullets, ellipsis, alpha, minStop, null);
    }

    private static String reason(GopherQualitySettings settings, String text) {
        return new GopherQualityFilter(settings).check(Doc.of(text, RegexWordTokenizer.INSTANCE)).reason();
    }

    private static final GopherQualitySettings DEFAULTS = GopherQualitySettings.defaults();

    @Test
    void shortDocCountsNonSymbolWordsBelowFifty() {
        GopherQualitySettings s = only("minDocWords", DEFAULTS.minDocWords());
        assertEquals(SHORT_DOC, reason(s, words(0, 49, 5)));
        assertEquals(null, reason(s, words(0, 50, 5)));
        assertEquals(null, reason(s, words(0, 51, 5)));
        // punctuation tokens (ASCII or …«»“”‘’—–) are symbols and do not count; other symbols (€) do
        assertEquals(SHORT_DOC, reason(s, words(0, 49, 5) + " ... , — «» “”"));
        assertEquals(null, reason(s, words(0, 49, 5) + " €"));
    }

    @Test
    void longDocIsAboveOneHundredThousandWords() {
        GopherQualitySettings s = only("maxDocWords", DEFAULTS.maxDocWords());
        assertEquals(null, reason(s, words(0, 99_999, 5)));
        assertEquals(null, reason(s, words(0, 100_000, 5)));
        assertEquals(LONG_DOC, reason(s, words(0, 100_001, 5)));
    }

    @Test
    void meanWordLengthBelowThree() {
        GopherQualitySettings s = only("minAvgWordLength", DEFAULTS.minAvgWordLength());
        String base = words(0, 49, 3) + " —— !!!!!!! ";  // symbol tokens are not in the mean
        assertEquals(BELOW_AVG, reason(s, base + word(200, 2)));  // 149 / 50
        assertEquals(null, reason(s, base + word(200, 3)));       // 150 / 50 = 3
        assertEquals(null, reason(s, base + word(200, 4)));       // 151 / 50
    }

    @Test
    void meanWordLengthAboveTen() {
        GopherQualitySettings s = only("maxAvgWordLength", DEFAULTS.maxAvgWordLength());
        String base = words(0, 49, 10) + " ";
        assertEquals(null, reason(s, base + word(999, 9)));
        assertEquals(null, reason(s, base + word(999, 10)));
        assertEquals(ABOVE_AVG, reason(s, base + word(999, 11)));
    }

    @Test
    void hashCharactersPerTokenAboveOneTenth() {
        GopherQualitySettings s = only("maxSymbolWordRatio", DEFAULTS.maxSymbolWordRatio());
        String base = words(0, 90, 5) + " ";
        assertEquals(null, reason(s, base + repeat("#", 9, " ")));           // 9 / 99
        assertEquals(null, reason(s, base + repeat("#", 10, " ")));          // 10 / 100 = 0.1
        assertEquals(TOO_MANY_HASHES, reason(s, base + repeat("#", 11, " "))); // 11 / 101
        // '#' characters are counted in the text, tokens in the tokenizer: "##" is 2 hashes, 1 token
        assertEquals(TOO_MANY_HASHES, reason(s, base + repeat("##", 5, " ")));  // 10 / 95
    }

    @Test
    void ellipsesPerTokenAboveOneTenth() {
        GopherQualitySettings s = only("maxSymbolWordRatio", DEFAULTS.maxSymbolWordRatio());
        String base = words(0, 90, 5) + " " + repeat("...", 5, " ") + " ";
        assertEquals(null, reason(s, base + repeat("…", 4, " ")));                // 9 / 99
        assertEquals(null, reason(s, base + repeat("…", 5, " ")));                // 10 / 100
        assertEquals(TOO_MANY_ELLIPSIS, reason(s, base + repeat("…", 6, " ")));   // 11 / 101
        // "..." occurrences do not overlap: "....." is one, "......" two
        String words90 = words(0, 90, 5) + " ";
        assertEquals(null, reason(s, words90 + repeat(".....", 5, " ")));               // 5 / 95
        assertEquals(TOO_MANY_ELLIPSIS, reason(s, words90 + repeat("......", 5, " "))); // 10 / 95
    }

    /** {@code lines} lines of 3 words, the first {@code marked} of them starting with a bullet. */
    private static String bulletDoc(int lines, int marked) {
        StringBuilder t = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            String prefix = l >= marked ? "" : l % 2 == 0 ? "- " : " \t• ";
            t.append(prefix).append(words(10 * l, 3, 5)).append('\n');
        }
        return t.toString();
    }

    @Test
    void bulletLinesAboveNinetyPercent() {
        GopherQualitySettings s = only("maxBulletLinesRatio", DEFAULTS.maxBulletLinesRatio());
        assertEquals(null, reason(s, bulletDoc(20, 17)));
        assertEquals(null, reason(s, bulletDoc(20, 18)));              // 0.9
        assertEquals(TOO_MANY_BULLETS, reason(s, bulletDoc(20, 19)));  // 0.95
        // lines are str.splitlines(): \r\n is one break, U+2028 is a break too, no empty last line
        String mixed = bulletDoc(20, 19).replace("\n", "\r\n").replaceFirst("\r\n", "\u2028");
        assertEquals(TOO_MANY_BULLETS, reason(s, mixed));
        assertEquals(null, reason(s, bulletDoc(20, 18).replace("\n", "\r\n")));
    }

    /** {@code lines} lines of 3 words, the first {@code marked} ending with an ellipsis (then trailing blanks). */
    private static String ellipsisDoc(int lines, int marked) {
        StringBuilder t = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            String suffix = l >= marked ? "." : l % 2 == 0 ? "..." : "… \t";
            t.append(words(10 * l, 3, 5)).append(suffix).append('\n');
        }
        return t.toString();
    }

    @Test
    void ellipsisLinesAboveThirtyPercent() {
        GopherQualitySettings s = only("maxEllipsisLinesRatio", DEFAULTS.maxEllipsisLinesRatio());
        assertEquals(null, reason(s, ellipsisDoc(10, 2)));
        assertEquals(null, reason(s, ellipsisDoc(10, 3)));                     // 0.3
        assertEquals(TOO_MANY_END_ELLIPSIS, reason(s, ellipsisDoc(10, 4)));    // 0.4
    }

    @Test
    void tokensWithALetterBelowEightyPercent() {
        GopherQualitySettings s = only("minAlphaWordsRatio", DEFAULTS.minAlphaWordsRatio());
        String base = words(0, 79, 5) + " x1 ";  // a token with one letter counts as alphabetic
        assertEquals(null, reason(s, base + repeat("123", 19, " ")));           // 80 / 99
        assertEquals(null, reason(s, base + repeat("123", 20, " ")));           // 80 / 100
        assertEquals(BELOW_ALPHA, reason(s, base + repeat("123", 21, " ")));    // 80 / 101
        assertEquals(BELOW_ALPHA, reason(s, base + repeat("!", 21, " ")));
        assertEquals(null, reason(s, words(0, 10, 4) + " Ελληνικά 東京"));        // letters of any script
    }

    @Test
    void fewerThanTwoDistinctStopWordsCaseSensitive() {
        GopherQualitySettings s = only("minStopWords", DEFAULTS.minStopWords());
        String base = words(0, 60, 5) + " ";
        assertEquals(STOP_WORDS, reason(s, base));
        assertEquals(STOP_WORDS, reason(s, base + "the the the"));
        assertEquals(STOP_WORDS, reason(s, base + "The and"));
        assertEquals(STOP_WORDS, reason(s, base + "the-and"));  // one hyphenated token
        assertEquals(null, reason(s, base + "the and"));
        assertEquals(null, reason(s, base + "with, have"));
        assertEquals(null, reason(s, base + "to be of"));
    }

    @Test
    void rulesRunInDatatroveOrderWithAllDefaults() {
        GopherQualityFilter f = new GopherQualityFilter(DEFAULTS);
        String prose = "The quiet river carried the boat to the old village with care. ";
        String doc = repeat(prose, 5, "");
        assertEquals(null, f.check(Doc.of(doc, RegexWordTokenizer.INSTANCE)).reason());
        // short and hash-heavy: the word count rule comes first
        assertEquals(SHORT_DOC, f.check(Doc.of("# # # the cat and the dog", RegexWordTokenizer.INSTANCE)).reason());
        // long words and no stop words: the mean length rule comes first
        assertEquals(ABOVE_AVG, f.check(Doc.of(words(0, 60, 12), RegexWordTokenizer.INSTANCE)).reason());
        assertEquals(STOP_WORDS, f.check(Doc.of(words(0, 60, 5), RegexWordTokenizer.INSTANCE)).reason());
    }

    @Test
    void aZeroThresholdSwitchesItsRuleOff() {
        assertEquals(null, reason(only(), "#"));
        assertEquals(null, reason(only(), ""));
        assertEquals(SHORT_DOC, reason(only("minDocWords", 1), ""));
    }
}
