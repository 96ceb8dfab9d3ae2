package org.sparkharness.data.text.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.testing.RepoPaths;

class RegexWordTokenizerTest {
    private static final Pattern JAVA = Pattern.compile(RegexWordTokenizer.PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    private static final WordTokenizer TOKENIZER = RegexWordTokenizer.INSTANCE;

    private static List<String> regex(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = JAVA.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    @Test
    void wordsWithInnerHyphensAndApostrophesStayWhole() {
        assertEquals(List.of("don't", "stop-me", "now"), TOKENIZER.words("don't stop-me now"));
        assertEquals(List.of("rock'n'roll", ",", "state-of-the-art"), TOKENIZER.words("rock'n'roll, state-of-the-art"));
    }

    @Test
    void danglingOrDoubledJoinersAreNotPartOfTheWord() {
        assertEquals(List.of("well", "-", "-", "known"), TOKENIZER.words("well- -known"));
        assertEquals(List.of("a", "--", "b"), TOKENIZER.words("a--b"));
        assertEquals(List.of("'", "quoted", "'"), TOKENIZER.words("'quoted'"));
        assertEquals(List.of("x", "'"), TOKENIZER.words("x'"));
    }

    @Test
    void punctuationRunsAreOneToken() {
        assertEquals(List.of("Wait", "...!?", "#", "##", "…"), TOKENIZER.words("Wait...!? # ## …"));
        assertEquals(List.of("3", ".", "14", "e", ".", "g", "."), TOKENIZER.words("3.14 e.g."));
        assertEquals(List.of("_under_score_", "(", "x", ")"), TOKENIZER.words("_under_score_ (x)"));
    }

    @Test
    void unicodeLettersAreWordChars() {
        assertEquals(List.of("naïve", "café", "Ελληνικά", "東京", "straße"), TOKENIZER.words("naïve café Ελληνικά 東京 straße"));
        // a combining acute accent belongs to the word in Java's Unicode classes
        assertEquals(List.of("cafe\u0301s"), TOKENIZER.words("cafe\u0301s"));
        // U+00A0 and U+3000 are white space
        assertEquals(List.of("a", "b", "c"), TOKENIZER.words("a\u00a0b\u3000c"));
    }

    @Test
    void supplementaryCodePointsAreClassifiedAsCodePoints() {
        String boldA = new String(Character.toChars(0x1D400)); // MATHEMATICAL BOLD CAPITAL A, a letter
        String smile = new String(Character.toChars(0x1F600)); // an emoji, a symbol
        assertEquals(List.of("x" + boldA + "y", smile + "!"), TOKENIZER.words("x" + boldA + "y " + smile + "!"));
        Tokens t = TOKENIZER.tokenize("x" + boldA + "y");
        assertEquals(3, t.length(0), "length counts code points, as Python's len");
        assertEquals(List.of("\ud800", "a"), TOKENIZER.words("\ud800 a"), "a lone surrogate is a symbol");
    }

    @Test
    void offsetsPointIntoTheText() {
        Tokens t = TOKENIZER.tokenize("  ab, c ");
        assertEquals(3, t.count());
        assertEquals(2, t.start(0));
        assertEquals(4, t.end(0));
        assertEquals(",", t.word(1));
        assertEquals(6, t.start(2));
        assertEquals(0, TOKENIZER.tokenize("").count());
        assertEquals(0, TOKENIZER.tokenize(" \n\t ").count());
    }

    @Test
    void wordIdsAreEqualExactlyForEqualTokens() {
        Tokens t = TOKENIZER.tokenize("the cat the Cat cat . .");
        assertEquals(t.wordId(0), t.wordId(2));
        assertEquals(t.wordId(1), t.wordId(4));
        assertNotEquals(t.wordId(1), t.wordId(3));
        assertEquals(t.wordId(5), t.wordId(6));
        assertEquals(4, t.distinctWords());
    }

    @Test
    void everyCodePointIsClassifiedAsJavaRegexDoes() {
        Pattern word = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);
        Pattern space = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
        Matcher w = word.matcher("");
        Matcher s = space.matcher("");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String c = new String(Character.toChars(cp));
            byte expected = s.reset(c).matches() ? CharClasses.SPACE
                    : w.reset(c).matches() ? CharClasses.WORD : CharClasses.OTHER;
            if (expected != CharClasses.JAVA_UNICODE.classify(cp)) {
                assertEquals(expected, CharClasses.JAVA_UNICODE.classify(cp),
                        "code point U+" + Integer.toHexString(cp));
            }
        }
    }

    @Test
    void matchesJavaRegexOnRandomText() {
        String[] alphabet = {"a", "b", "Z", "é", "5", "_", "-", "'", " ", "\t", "\n", ".", "!", "#", "…", "\u0301",
                "\u0903", "²", "\u200d", "\u00a0", "\u2028", "€", "\ud83d\ude00", "\ud835\udc00", "\ud800", "\udc00",
                "東", "\u203f", "\u0085", "\u001c"};
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(30);
            for (int k = 0; k < n; k++) sb.append(alphabet[rnd.nextInt(alphabet.length)]);
            String text = sb.toString();
            assertEquals(regex(text), TOKENIZER.words(text), () -> "text " + escape(text));
        }
    }

    /** testdata/text-filters/python-re-tokens.jsonl: re.findall of the same pattern by CPython 3.11. */
    @Test
    void pythonFlavourMatchesPythonRe() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(RepoPaths.testdata("text-filters").resolve("python-re-tokens.jsonl"));
        assertEquals(RegexWordTokenizer.PATTERN, json.readTree(lines.get(0)).get("pattern").asText());
        int checked = 0;
        int differFromJava = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode n = json.readTree(line);
            String text = n.get("text").asText();
            List<String> expected = new ArrayList<>();
            n.get("tokens").forEach(t -> expected.add(t.asText()));
            assertEquals(expected, RegexWordTokenizer.PYTHON_RE.words(text), () -> "text " + escape(text));
            if (!expected.equals(TOKENIZER.words(text))) differFromJava++;
            checked++;
        }
        assertEquals(309, checked);
        // the fixture holds combining marks, No digits, U+001C..U+001F: the two flavours must disagree somewhere
        assertNotEquals(0, differFromJava);
    }

    @Test
    void flavoursDifferOnCombiningMarksAndOtherNumbers() {
        assertEquals(List.of("e", "\u0301"), RegexWordTokenizer.PYTHON_RE.words("e\u0301"));
        assertEquals(List.of("x²"), RegexWordTokenizer.PYTHON_RE.words("x²"));
        assertEquals(List.of("x", "²"), TOKENIZER.words("x²"));
        assertEquals(List.of("a", "b"), RegexWordTokenizer.PYTHON_RE.words("a\u001cb"));
        assertNotEquals(TOKENIZER.name(), RegexWordTokenizer.PYTHON_RE.name());
    }

    @Test
    void serialisationKeepsTheSingletons() throws Exception {
        for (RegexWordTokenizer t : List.of(RegexWordTokenizer.INSTANCE, RegexWordTokenizer.PYTHON_RE)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(t);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertSame(t, in.readObject());
            }
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : c);
        return out.toString();
    }
}
