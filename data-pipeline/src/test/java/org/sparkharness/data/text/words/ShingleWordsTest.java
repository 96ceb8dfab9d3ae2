package org.sparkharness.data.text.words;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shingle layout: words joined by one space in UTF-8, so an n-gram is one byte range. */
class ShingleWordsTest {
    @Test
    void ngramIsTheByteRangeOfSpaceJoinedWords() {
        ShingleWords w = DatatroveWordTokenizer.shingleWords("  naïve  café\u00a0東京 x ");
        assertEquals(4, w.count());
        assertEquals("café", w.word(1));
        String bigram = new String(w.utf8(), w.start(1), w.end(2) - w.start(1), StandardCharsets.UTF_8);
        assertEquals("café 東京", bigram);
        assertEquals("naïve café 東京 x".getBytes(StandardCharsets.UTF_8).length, w.end(3));
        assertEquals(0, DatatroveWordTokenizer.shingleWords(" \t ").count());
    }

    @Test
    void supplementaryAndLoneSurrogatesEncodeAsStringGetBytesDoes() {
        String smile = new String(Character.toChars(0x1F600));
        ShingleWords w = DatatroveWordTokenizer.shingleWords("a" + smile + " \ud800");
        assertEquals(3, w.count());
        assertEquals(smile, w.word(1));
        assertEquals("?", w.word(2));
    }

    @Test
    void holdsTheTokenizersWordsOnRandomText() {
        String[] alphabet = {"a", "Z", "é", "5", "_", "-", "'", " ", "\t", ".", "…", "\u0301", "\u00a0", "\u001c",
                "東", "\ud83d\ude00", "\ud835\udc00", "\u200d"};
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(25);
            for (int k = 0; k < n; k++) sb.append(alphabet[rnd.nextInt(alphabet.length)]);
            String text = sb.toString();
            ShingleWords w = DatatroveWordTokenizer.shingleWords(text);
            java.util.List<String> words = new java.util.ArrayList<>();
            for (int j = 0; j < w.count(); j++) words.add(w.word(j));
            assertEquals(DatatroveWordTokenizer.INSTANCE.words(text), words, text);
            assertEquals(String.join(" ", words).getBytes(StandardCharsets.UTF_8).length,
                    w.count() == 0 ? 0 : w.end(w.count() - 1), text);
        }
    }
}
