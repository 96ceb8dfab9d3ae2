package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TextSimplification} follows datatrove's simplify_text step by step; the fused fast path agrees with it. */
class TextSimplificationTest {
    private static final TextSimplification DEFAULTS = TextSimplification.defaults();

    @Test
    void numbersBecomeZeroWithAtMostOneSeparatorEach() {
        // the regex takes "1,000" then ",000" is left: a separator needs digits on both sides, one per match
        assertEquals("0 0", DEFAULTS.simplify("1,000,000"));
        assertEquals("pi is 0 and e 0", DEFAULTS.simplify("Pi is 3.14159 and e 2,71"));
        assertEquals("version 0 0", DEFAULTS.simplify("version 1.2.3"));
        assertEquals("0", DEFAULTS.simplify("\u0661\u0662\u066B\u0663")); // Arabic-Indic digits, Arabic decimal sep
        assertEquals("0x0f", DEFAULTS.simplify("0x0F"));
    }

    @Test
    void punctuationAndWhitespaceCollapseToSingleSpaces() {
        assertEquals("hello world", DEFAULTS.simplify("  \"Hello,\t\tworld!!!\"\n"));
        assertEquals("a b", DEFAULTS.simplify("a\u00A0\u2003\u3000b"));
        assertEquals("", DEFAULTS.simplify("?!... ---"));
        assertEquals("", DEFAULTS.simplify(null));
        // U+2018 is not in datatrove's punctuation list, U+2019 is
        assertEquals("\u2018quoted", DEFAULTS.simplify("\u2018quoted\u2019"));
    }

    @Test
    void diacriticsAreDroppedAfterDecomposition() {
        assertEquals("cafe naive angstrom", DEFAULTS.simplify("Caf\u00E9 na\u00EFve \u00C5ngstr\u00F6m"));
        assertEquals("e", DEFAULTS.simplify("e\u0301"));
        assertEquals("stra\u00DFe", DEFAULTS.simplify("STRA\u00DFE")); // ß has no decomposition
    }

    @Test
    void switchesTurnStepsOff() {
        TextSimplification keepCase = TextSimplification.defaults().withLowercase(false);
        assertEquals("Hello World", keepCase.simplify("Hello, World!"));
        TextSimplification keepNumbers = TextSimplification.defaults().withNormNumbers(false);
        assertEquals("3 14", keepNumbers.simplify("3.14"));
        TextSimplification keepPunctuation = TextSimplification.defaults().withRemovePunctuation(false);
        assertEquals("a, b!", keepPunctuation.simplify("A,   B!"));
        TextSimplification keepSpaces = TextSimplification.defaults().withNormWhitespace(false);
        assertEquals("a  b", keepSpaces.simplify("a, b"));
        TextSimplification keepMarks = TextSimplification.defaults().withNormUnicodeDiacritics(false);
        assertEquals("caf\u00E9", keepMarks.simplify("Caf\u00E9"));
        TextSimplification dates = TextSimplification.defaults().withNormWeekdays(true).withNormMonthnames(true);
        assertEquals("WEEKDAY 0 MONTH", dates.simplify("Monday, 3 March"));
        assertEquals("MONTHbe", dates.simplify("Maybe")); // datatrove's patterns have no word boundaries
    }

    @Test
    void fusedPathEqualsStepByStepOnRandomText() {
        List<String> alphabet = List.of("a", "Z", "q", " ", "  ", "\t", "\n", ".", ",", "-", "'", "\u2019", "\u2018",
                "0", "7", "\u0663", "\u066B", "\u060C", "\uD835\uDFCE", "\u00C9", "\u00E9", "e\u0301", "\u0130", "I",
                "\u03A3", "\u03C3", "\u039F", "\u00A0", "\u3000", "\u0001", "\u0085", "\u00DF", "\u1E9E",
                "\uD83D\uDC4D", "\uD801\uDC00", "\u4E2D", "\uD55C", "\u0939\u093F", "\u200D", "_", "\u2014",
                "\u00AB", "\uFF11", "\uFF0C", "1.5", "2,000", "\u0661\u0662");
        SplittableRandom rnd = new SplittableRandom(7);
        int differentFromInput = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(25);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.get(rnd.nextInt(alphabet.size())));
            }
            String text = sb.toString();
            String fast = DEFAULTS.simplify(text);
            assertEquals(DEFAULTS.stepByStep(text), fast, () -> "text " + escape(text));
            if (!fast.equals(text)) {
                differentFromInput++;
            }
        }
        assertTrue(differentFromInput > 15_000, "the random texts should exercise the steps: " + differentFromInput);
    }

    @Test
    void punctuationSetIsDatatroves() {
        for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".toCharArray()) {
            assertTrue(TextSimplification.isPunctuation(c), "ASCII punctuation " + c);
        }
        assertTrue(TextSimplification.isPunctuation(0x7F));
        assertTrue(TextSimplification.isPunctuation(0x9F));
        assertFalse(TextSimplification.isPunctuation('\t'));
        assertFalse(TextSimplification.isPunctuation('\n'));
        assertFalse(TextSimplification.isPunctuation(0x2018));
        assertFalse(TextSimplification.isPunctuation('a'));
        assertFalse(TextSimplification.isPunctuation(0x1F44D));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp < 0x80 && cp >= 0x20 ? String.valueOf((char) cp)
                : String.format("\\u{%X}", cp)));
        return sb.toString();
    }

    /**
     * The char-by-char decomposition in {@link TextSimplification#dropNonSpacingMarks} relies on every BMP
     * non-mark decomposing to something that starts with a starter (canonical combining class 0). Java has no API
     * for the class, so probe it: after "a" + U+0345 (class 240, the largest) a character of class 1..239 is moved
     * in front by canonical reordering, a starter is not.
     */
    @Test
    void everyBmpNonMarkDecomposesToAStarterFirst() {
        int checked = 0;
        for (int c = 0xC0; c < 0x10000; c++) {
            int type = Character.getType(c);
            if (Character.isSurrogate((char) c) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.UNASSIGNED) {
                continue;
            }
            String nfd = java.text.Normalizer.normalize(String.valueOf((char) c), java.text.Normalizer.Form.NFD);
            String probe = "a\u0345" + nfd.charAt(0);
            int code = c;
            assertEquals(probe, java.text.Normalizer.normalize(probe, java.text.Normalizer.Form.NFD),
                    () -> String.format("U+%04X starts with a non-starter", code));
            checked++;
        }
        assertTrue(checked > 50_000, "checked " + checked);
    }

    @Test
    void charByCharDecompositionEqualsWholeTextNfd() {
        List<String> alphabet = List.of("a", " ", "\u00C9", "\u00E9", "\u00C5", "\u1E9E", "\u0390", "\u03AC",
                "\u1F00", "\u0419", "\uD55C", "\uAC00", "\u4E2D", "\u0958", "\u0301", "\u0327", "\u0345", "\u093F",
                "\u20DD", "\uD83D\uDC4D", "\u2019", "\u00C0\u0301", "\u212B", "\u2126", "\u0344", "\u1EA5",
                "\uFB2C", "\u0F73", "\u3099", "\u304C", "\u00F1");
        SplittableRandom rnd = new SplittableRandom(13);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(12);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.get(rnd.nextInt(alphabet.size())));
            }
            String text = sb.toString();
            assertEquals(TextSimplification.nfdWithoutNonSpacingMarks(text),
                    TextSimplification.dropNonSpacingMarks(text), () -> "text " + escape(text));
        }
    }
}
