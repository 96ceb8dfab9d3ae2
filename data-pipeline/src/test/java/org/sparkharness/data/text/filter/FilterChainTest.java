package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkharness.data.text.filter.TestTexts.words;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.data.text.words.Tokens;
import org.sparkharness.data.text.words.WordTokenizer;

class FilterChainTest {
    private static final FilterChain DEFAULT = FilterChain.of(FilterSettings.defaults());

    @Test
    void theFirstFailingRuleInChainOrderWins() {
        // repeated short lines, too few words: repetition runs first by default
        String text = "ok\nok\nok\nthe end";
        assertEquals("dup_line_frac", DEFAULT.apply(text).reason());
        FilterChain reversed = FilterChain.of(FilterSettings.only("gopher_quality", "gopher_repetition"));
        assertEquals("gopher_short_doc", reversed.apply(text).reason());
        assertEquals(text, DEFAULT.apply(text).text(), "a dropped document's outcome carries its input text");
    }

    /**
     * 20 lines of three words (3 ending in '!', 7 longer than 30 chars) and a javascript line of 40 words that C4
     * removes. The cleaned text alone has 19 newlines over 63 tokens (0.30 > 0.3: FineWeb would drop it as a
     * list), but FineWeb counts the input's 63 + 41 tokens.
     */
    private static String listWithJavascript() {
        String[] nouns = {"river", "garden", "engine", "market", "village", "teacher", "window", "letter", "harvest",
                "bridge", "library", "mountain", "kitchen"};
        String[] longs = {"extraordinary", "circumstances", "neighbourhood", "understanding", "communication",
                "refrigerator", "architecture"};
        StringBuilder t = new StringBuilder();
        int n = 0;
        int l = 0;
        for (int k = 0; k < 20; k++) {
            if (k % 3 == 1) {
                t.append(longs[l++ % longs.length]).append(' ').append(longs[(l + 2) % longs.length]).append(' ')
                        .append(longs[(l + 4) % longs.length]);
            } else {
                t.append(k % 2 == 0 ? "that " : "with ").append(k).append("th ").append(nouns[n++ % nouns.length]);
            }
            t.append(k % 7 == 0 ? "!" : "").append('\n');
            if (k == 9) t.append("Please enable JavaScript: ").append(words(0, 39, 5)).append('\n');
        }
        return t.toString();
    }

    @Test
    void c4OutputFeedsFineWebWhichCountsTheInputWords() {
        FilterSettings s = FilterSettings.only("c4", "fineweb");
        String input = listWithJavascript();
        FilterChain.Outcome o = FilterChain.of(s).apply(input);
        assertNull(o.reason());
        assertTrue(!o.text().contains("JavaScript") && o.text().split("\n").length == 20, o.text());
        assertEquals(input.strip().replaceAll("\nPlease enable JavaScript[^\n]*", ""), o.text());
        // the same cleaned text as the chain's input is a list
        assertEquals("fw_list_ratio", FilterChain.of(s).apply(o.text()).reason());
    }

    /** Splits on single spaces only: "the,and" is one word, so no stop words are found in it. */
    private static final class SpaceTokenizer implements WordTokenizer {
        @Override
        public String name() {
            return "space";
        }

        @Override
        public Tokens tokenize(String text) {
            int[] starts = new int[text.length() + 1];
            int[] ends = new int[text.length() + 1];
            int n = 0;
            int from = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == ' ') {
                    if (i > from) {
                        starts[n] = from;
                        ends[n++] = i;
                    }
                    from = i + 1;
                }
            }
            return Tokens.of(text, starts, ends, n);
        }
    }

    @Test
    void anotherTokenizerPlugsIn() {
        FilterSettings s = FilterSettings.only("gopher_quality");
        String text = words(0, 60, 5) + " the,and";
        assertNull(FilterChain.of(s).apply(text).reason());
        FilterChain spaces = new FilterChain(s, new SpaceTokenizer());
        assertEquals("space", spaces.tokenizer().name());
        assertEquals("gopher_stop_words", spaces.apply(text).reason());
        assertEquals(List.of("a", "b,c"), new SpaceTokenizer().words("a  b,c "));
    }

    @Test
    void reasonsFollowTheChain() {
        List<String> all = DEFAULT.reasons();
        assertEquals("dup_para_frac", all.get(0));
        assertEquals(all.indexOf("dup_10_gram") + 1, all.indexOf("gopher_short_doc"));
        assertEquals(all.indexOf("gopher_stop_words") + 1, all.indexOf("c4_lorem_ipsum"));
        assertEquals("fw_list_ratio", all.get(all.size() - 1));
        assertEquals(13 + 10 + 3 + 5, all.size());
    }

    @Test
    void aDeserialisedChainGivesTheSameOutcomesOnTheFixture() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(DEFAULT);
        }
        FilterChain copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FilterChain) in.readObject();
        }
        ObjectMapper json = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        int cleaned = 0;
        for (String line : Files.readAllLines(RepoPaths.testdata("text-filters").resolve("docs.jsonl"))) {
            JsonNode d = json.readTree(line);
            String text = d.get("text").asText();
            FilterChain.Outcome a = DEFAULT.apply(text);
            assertEquals(a, copy.apply(text));
            reasons.add(a.reason());
            if (a.kept() && (text.contains("JavaScript") || text.contains("cookies"))) {
                assertTrue(!a.text().contains("JavaScript") && !a.text().contains("cookies"), a.text());
                assertTrue(!a.text().contains("\n\n"), "C4 drops blank lines");
                cleaned++;
            }
        }
        assertEquals(294, reasons.size());
        assertEquals(95, reasons.stream().filter(r -> r == null).count());
        assertEquals(15, cleaned, "kept documents whose javascript / cookie lines C4 removed");
        // every family trips on the fixture
        for (String prefix : List.of("dup_", "top_", "gopher_", "c4_", "fw_")) {
            assertTrue(reasons.stream().anyMatch(r -> r != null && r.startsWith(prefix)), prefix);
        }
    }
}
