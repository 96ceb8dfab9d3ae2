package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.sparkharness.data.text.filter.C4QualityFilter.CURLY_BRACKET;
import static org.sparkharness.data.text.filter.C4QualityFilter.LOREM_IPSUM;
import static org.sparkharness.data.text.filter.C4QualityFilter.TOO_FEW_SENTENCES;
import static org.sparkharness.data.text.filter.TestTexts.repeat;
import static org.sparkharness.data.text.filter.TestTexts.word;

import org.junit.jupiter.api.Test;
import org.sparkharness.data.text.words.RegexWordTokenizer;

class C4QualityFilterTest {
    private static final C4QualityFilter DEFAULT = new C4QualityFilter(C4Settings.defaults());

    private static Verdict check(C4QualityFilter f, String text) {
        return f.check(Doc.of(text, RegexWordTokenizer.INSTANCE));
    }

    /** The text C4 keeps, or the drop reason in angle brackets. */
    private static String out(C4QualityFilter f, String text) {
        Verdict v = check(f, text);
        return !v.kept() ? "<" + v.reason() + ">" : v.text() == null ? text : v.text();
    }

    /** {@code n} lines of three words and a full stop: one sentence each. */
    private static String sentences(int n) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < n; i++) t.append(i > 0 ? "\n" : "").append("Line ").append(word(i, 4)).append(" here.");
        return t.toString();
    }

    @Test
    void fewerThanFiveSentencesDropTheDocument() {
        assertEquals(TOO_FEW_SENTENCES, check(DEFAULT, sentences(4)).reason());
        assertSame(Verdict.KEEP, check(DEFAULT, sentences(5)));
        assertSame(Verdict.KEEP, check(DEFAULT, sentences(6)));
        // five sentences on one line count as five
        assertSame(Verdict.KEEP, check(DEFAULT, "One two three. Four five! Six seven? Eight nine... Ten eleven."));
        assertEquals(TOO_FEW_SENTENCES, check(DEFAULT, "One two three. Four five! Six seven? Eight nine...Ten.").reason());
    }

    @Test
    void sentencesAreRunsOfFullStopsFollowedBySpaceOrTheEnd() {
        assertEquals(1, C4QualityFilter.sentences("no mark at all"));
        assertEquals(3, C4QualityFilter.sentences("a. b! c?"));
        assertEquals(2, C4QualityFilter.sentences("Wait... what?!"));
        assertEquals(1, C4QualityFilter.sentences("pi is 3.14 or so"));
        assertEquals(1, C4QualityFilter.sentences("(the end.)"));
        assertEquals(2, C4QualityFilter.sentences("x.\u00a0y."));  // NBSP is Python whitespace
    }

    @Test
    void linesNeedThreeWhitespaceSeparatedWords() {
        String body = sentences(5);
        assertEquals(body, out(DEFAULT, "Two words.\n" + body + "\n\n   \nA b\n"));
        assertEquals("Three small words\n" + body, out(DEFAULT, "Three small words\n" + body));
        // words are counted before citations go: "[1] [2] Done." has three
        assertEquals(body + "\n  Done.", out(DEFAULT, body + "\n[1] [2] Done."));
    }

    @Test
    void aWordLongerThanOneThousandCodePointsDropsItsLine() {
        String body = sentences(5);
        String below = "x " + repeat("a", 999, "") + " y";
        String at = "x " + repeat("a", 1000, "") + " y";
        String above = "x " + repeat("a", 1001, "") + " y";
        String emoji = "x " + repeat(new String(Character.toChars(0x1F600)), 1000, "") + " y";
        assertEquals(body + "\n" + below, out(DEFAULT, body + "\n" + below));
        assertEquals(body + "\n" + at, out(DEFAULT, body + "\n" + at));
        assertEquals(body, out(DEFAULT, body + "\n" + above));
        assertEquals(body + "\n" + emoji, out(DEFAULT, body + "\n" + emoji));
    }

    @Test
    void citationsAreRemoved() {
        assertEquals("Foo bar baz qux end [a].", C4QualityFilter.withoutCitations(
                "Foo bar[1] baz[edit] qux[citation needed] end[] [a].", 0, 52));
        assertEquals("[Edit] [1 ]", C4QualityFilter.withoutCitations("[Edit] [1 ]", 0, 11));
        assertEquals("x[", C4QualityFilter.withoutCitations("x[[12]", 0, 6));
        assertEquals("a٣b", C4QualityFilter.withoutCitations("a٣[٣]b", 0, 6));  // \d is any decimal digit
    }

    @Test
    void terminalPunctuationLineFilterIsOffByDefaultAndConfigurable() {
        String lines = "Ends with a period.\nNo punctuation at all\nA trailing ellipsis...\nA quoted end.\"\n"
                + "An apostrophe end'\nIs it a question?\nIt is an exclamation!\nA closing bracket (x.)";
        assertEquals(lines, out(DEFAULT, lines));
        C4QualityFilter strict = new C4QualityFilter(C4Settings.defaults().withFilterNoTerminalPunct(true));
        assertEquals("Ends with a period.\nA quoted end.\"\nAn apostrophe end'\nIs it a question?\nIt is an exclamation!",
                out(strict, lines));
    }

    @Test
    void loremIpsumInAKeptLineDropsTheDocument() {
        String body = sentences(5);
        assertEquals("<" + LOREM_IPSUM + ">", out(DEFAULT, body + "\nSome LOREM Ipsum dolor text."));
        // a line dropped earlier (fewer than three words) cannot drop the document
        assertEquals(body, out(DEFAULT, body + "\nLorem ipsum"));
    }

    @Test
    void aCurlyBracketInAKeptLineDropsTheDocument() {
        String body = sentences(5);
        assertEquals("<" + CURLY_BRACKET + ">", out(DEFAULT, body + "\nfunction f() { return 1; }"));
        assertEquals(body, out(DEFAULT, body + "\n{ }"));
        // the first offending line decides
        assertEquals("<" + LOREM_IPSUM + ">", out(DEFAULT, "lorem ipsum dolor sit\nif (x) { y }\n" + body));
        assertEquals("<" + CURLY_BRACKET + ">", out(DEFAULT, "if (x) { y }\nlorem ipsum dolor sit\n" + body));
    }

    @Test
    void javascriptAndPolicyLinesAreRemoved() {
        String body = sentences(5);
        String noisy = "Please enable JavaScript now.\n" + body + "\nRead our Terms of Use here.\nWe use cookies a lot."
                + "\nSee the privacy policy.\nThe cookie policy applies.\nThis site uses cookies.\nOn the use of cookies.";
        assertEquals(body, out(DEFAULT, noisy));
        C4QualityFilter lenient = new C4QualityFilter(C4Settings.defaults().withFilterJavascript(false)
                .withFilterPolicy(false));
        assertEquals(noisy, out(lenient, noisy));
    }

    @Test
    void keptLinesAreJoinedByNewlinesAndTheResultStripped() {
        String body = sentences(5);
        assertEquals(body, out(DEFAULT, "\n\n  " + body.replace("\n", "  \r\n\t") + "  \n\n"));
        assertSame(Verdict.KEEP, check(DEFAULT, body), "an unchanged text is not rewritten");
    }

    @Test
    void minusOneSwitchesTheCountRulesOff() {
        C4QualityFilter off = new C4QualityFilter(C4Settings.defaults().withMinNumSentences(-1).withMinWordsPerLine(-1)
                .withMaxWordLength(-1));
        assertEquals("one", out(off, "one"));
        assertEquals("a " + repeat("b", 2000, ""), out(off, "a " + repeat("b", 2000, "")));
        assertNull(check(off, "").reason());
    }
}
