package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparkharness.data.text.filter.FineWebQualityFilter.CHAR_DUP_RATIO;
import static org.sparkharness.data.text.filter.FineWebQualityFilter.EMPTY;
import static org.sparkharness.data.text.filter.FineWebQualityFilter.LINE_PUNCT_RATIO;
import static org.sparkharness.data.text.filter.FineWebQualityFilter.LIST_RATIO;
import static org.sparkharness.data.text.filter.FineWebQualityFilter.SHORT_LINE_RATIO;
import static org.sparkharness.data.text.filter.TestTexts.filler;
import static org.sparkharness.data.text.filter.TestTexts.words;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.text.words.RegexWordTokenizer;

/**
 * Golden boundary cases: each rule at its default threshold with the rules before it neutralised by settings that
 * cannot fire (FineWeb has no off switch), documents exactly at the threshold and one step either side.
 */
class FineWebQualityFilterTest {
    private static final FineWebSettings DEFAULTS = FineWebSettings.defaults();

    private static String reason(FineWebSettings settings, String text) {
        return new FineWebQualityFilter(settings).check(Doc.of(text, RegexWordTokenizer.INSTANCE)).reason();
    }

    private static FineWebSettings settings(double linePunct, double shortLine, double charDup, double newLine) {
        return FineWebSettings.defaults().withLinePunctThr(linePunct).withShortLineThr(shortLine)
                .withCharDuplicatesRatio(charDup).withNewLineRatio(newLine);
    }

    /** 100 non-blank lines (plus blank ones that do not count), the first {@code marked} ending in a stop char. */
    private static String punctDoc(int marked) {
        StringBuilder t = new StringBuilder();
        String[] stops = {".", "!", "?", "\u3002", "\u0964"};
        String[] others = {"\"", ":", ". ", "'", ")"};  // not stop chars, or not at the (unstripped) end
        for (int l = 0; l < 100; l++) {
            t.append(words(10 * l, 3, 5)).append(l < marked ? stops[l % stops.length] : others[l % others.length]);
            t.append(l % 10 == 0 ? "\n  \n\t\n" : "\n");
        }
        return t.toString();
    }

    @Test
    void linesEndingInTerminalPunctuationBelowTwelvePercent() {
        FineWebSettings s = settings(DEFAULTS.linePunctThr(), 1, 1, 1e9);
        assertEquals(LINE_PUNCT_RATIO, reason(s, punctDoc(11)));
        assertEquals(null, reason(s, punctDoc(12)));
        assertEquals(null, reason(s, punctDoc(13)));
        FineWebSettings excludeZero = FineWebSettings.defaults().withLinePunctExcludeZero(true).withShortLineThr(1.0)
                .withCharDuplicatesRatio(1.0).withNewLineRatio(1e9);
        assertEquals(null, reason(excludeZero, punctDoc(0)));
        assertEquals(LINE_PUNCT_RATIO, reason(excludeZero, punctDoc(11)));
        FineWebSettings quotes = FineWebSettings.defaults().withStopChars(List.of("\"")).withShortLineThr(1.0)
                .withCharDuplicatesRatio(1.0).withNewLineRatio(1e9);
        assertEquals(null, reason(quotes, punctDoc(0)));  // 20 lines end with '"'
    }

    /** 100 lines ending in '.', the first {@code shortLines} of exactly 30 code points, the others 31. */
    private static String shortLineDoc(int shortLines) {
        StringBuilder t = new StringBuilder();
        for (int l = 0; l < 100; l++) t.append(filler(100 * l, l < shortLines ? 29 : 30)).append(".\n");
        return t.toString();
    }

    @Test
    void linesOfAtMostThirtyCharactersAboveSixtySevenPercent() {
        FineWebSettings s = settings(DEFAULTS.linePunctThr(), DEFAULTS.shortLineThr(), 1, 1e9);
        assertEquals(null, reason(s, shortLineDoc(66)));
        assertEquals(null, reason(s, shortLineDoc(67)));
        assertEquals(SHORT_LINE_RATIO, reason(s, shortLineDoc(68)));
    }

    /** L1 D L2 D L3 on lines, {@code total} characters besides the newlines, D of 20 characters. */
    private static String dupDoc(int total, String extra) {
        String d = words(900, 4, 4) + "!";  // 20 chars
        int fill = total - 40;
        return filler(1000, fill / 3) + "\n" + d + "\n" + filler(2000, fill / 3) + extra + "\n" + d + "\n"
                + filler(3000, fill - 2 * (fill / 3));
    }

    @Test
    void charactersOfDuplicatedLinesAboveOnePercent() {
        FineWebSettings s = settings(0, 1, DEFAULTS.charDuplicatesRatio(), 1e9);
        assertEquals(null, reason(s, dupDoc(2001, "")));
        assertEquals(null, reason(s, dupDoc(2000, "")));                // 20 / 2000
        assertEquals(CHAR_DUP_RATIO, reason(s, dupDoc(1999, "")));
        // blank lines are not lines, so repeated blank lines are no duplicates (but their spaces count): 20 / 2006
        assertEquals(null, reason(s, dupDoc(2000, "\n   \n   ")));
    }

    /** {@code words} tokens over {@code newlines + 1} lines. */
    private static String listDoc(int words, int newlines) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < words; i++) {
            t.append(TestTexts.word(i, 5));
            if (i < newlines) t.append('\n');
            else if (i < words - 1) t.append(' ');
        }
        return t.toString();
    }

    @Test
    void newlinesPerWordAboveThirtyPercent() {
        FineWebSettings s = settings(0, 1, 1, DEFAULTS.newLineRatio());
        assertEquals(null, reason(s, listDoc(100, 29)));
        assertEquals(null, reason(s, listDoc(100, 30)));
        assertEquals(LIST_RATIO, reason(s, listDoc(100, 31)));
    }

    @Test
    void wordsComeFromTheChainInputAndNewlinesFromTheCurrentText() {
        FineWebQualityFilter f = new FineWebQualityFilter(settings(0, 1, 1, DEFAULTS.newLineRatio()));
        String current = listDoc(100, 31);
        assertEquals(LIST_RATIO, f.check(Doc.of(current, RegexWordTokenizer.INSTANCE)).reason());
        Doc rewritten = Doc.of(listDoc(200, 0), RegexWordTokenizer.INSTANCE).withText(current);
        assertEquals(null, f.check(rewritten).reason());  // 31 / 200
    }

    @Test
    void aTextWithoutNonBlankLinesIsEmpty() {
        assertEquals(EMPTY, reason(DEFAULTS, ""));
        assertEquals(EMPTY, reason(DEFAULTS, " \n\t\n\u00a0"));
        assertEquals(LINE_PUNCT_RATIO, reason(DEFAULTS, "x"));
    }

    @Test
    void defaultStopCharsAreDatatrovesTerminalPunctuation() {
        assertEquals(159, TerminalPunctuation.size());
        assertEquals(159, TerminalPunctuation.asStrings().stream().distinct().count());
        for (String stop : List.of(".", "!", "?", "\u3002", "\u061f", "\u203d", new String(Character.toChars(0x1DA88)))) {
            assertEquals(true, TerminalPunctuation.contains(stop.codePointAt(0)), stop);
        }
        for (String other : List.of("\"", "'", ",", ";", ":", "\u2026", ")")) {
            assertEquals(false, TerminalPunctuation.contains(other.codePointAt(0)), other);
        }
        String astral = new String(Character.toChars(0x1DA88));
        assertEquals(null, reason(settings(0.5, 1, 1, 1e9), "a b" + astral + "\nc d."));
    }
}
