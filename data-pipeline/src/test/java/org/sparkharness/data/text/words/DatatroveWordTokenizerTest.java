package org.sparkharness.data.text.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dedup split next to the filters' one: same engine and word classes, no joined words, Python whitespace. */
class DatatroveWordTokenizerTest {
    private static final WordTokenizer DEDUP = DatatroveWordTokenizer.INSTANCE;

    @Test
    void hyphensAndApostrophesNeverJoinWords() {
        assertEquals(List.of("don", "'", "t", "state", "-", "of"), DEDUP.words("don't state-of"));
        assertEquals(List.of("don't", "state-of"), RegexWordTokenizer.INSTANCE.words("don't state-of"));
    }

    @Test
    void splitsOnPythonWhitespaceWithJavaWordChars() {
        // U+001C is whitespace to Python's str.split() but not to Java's \s
        assertEquals(List.of("a", "b"), DEDUP.words("a\u001cb"));
        assertEquals(List.of("a", "\u001c", "b"), RegexWordTokenizer.INSTANCE.words("a\u001cb"));
        // a combining mark is a word char in Java's classes
        assertEquals(List.of("cafe\u0301s", "!"), DEDUP.words("cafe\u0301s !"));
        Tokens t = DEDUP.tokenize(" ab..c ");
        assertEquals(3, t.count());
        assertEquals(1, t.start(0));
        assertEquals("..", t.word(1));
    }

    @Test
    void nameDiffersFromTheFiltersTokenizersAndSerialisationKeepsTheSingleton() throws Exception {
        assertNotEquals(RegexWordTokenizer.INSTANCE.name(), DEDUP.name());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(DEDUP);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertSame(DEDUP, in.readObject());
        }
    }
}
