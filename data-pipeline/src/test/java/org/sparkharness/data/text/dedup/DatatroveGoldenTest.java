package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.data.text.words.DatatroveWordTokenizer;

/**
 * The Java MinHash chain against {@code testdata/text-dedup/golden.json}, written by the independent Python port
 * {@code datatrove_reference.py} (numpy RandomState, hashlib SHA-1, Python's lower/NFD/regex): permutation
 * parameters, simplified text, words and all 112 signature values must agree exactly, and so must the exact-dedup
 * keys.
 */
class DatatroveGoldenTest {
    private static JsonNode golden;
    private static MinHasher hasher;

    @BeforeAll
    static void load() throws IOException {
        golden = new ObjectMapper().readTree(RepoPaths.testdata("text-dedup").resolve("golden.json").toFile());
        hasher = new MinHasher(golden.get("ngram").asInt(), golden.get("bands").asInt(), golden.get("rows").asInt(),
                golden.get("seed").asLong(), ShingleHash.SHA1, TextSimplification.defaults());
    }

    private static long[] unsigned(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseUnsignedLong(array.get(i).asText());
        }
        return out;
    }

    @Test
    void permutationParametersAreNumpyRandomStateDraws() {
        assertArrayEquals(unsigned(golden.get("a")), hasher.permutationA());
        assertArrayEquals(unsigned(golden.get("b")), hasher.permutationB());
    }

    @Test
    void simplifiedTextAndWordsMatchPython() {
        for (JsonNode doc : golden.get("docs")) {
            String text = doc.get("text").asText();
            String simplified = hasher.simplify(text);
            assertEquals(doc.get("simplified").asText(), simplified, () -> "simplify " + text);
            List<String> expected = new ArrayList<>();
            doc.get("tokens").forEach(t -> expected.add(t.asText()));
            assertEquals(expected, DatatroveWordTokenizer.INSTANCE.words(simplified), () -> "words of " + text);
        }
    }

    @Test
    void signaturesMatchPythonBitForBit() {
        int withSignature = 0;
        for (JsonNode doc : golden.get("docs")) {
            String text = doc.get("text").asText();
            long[] sig = hasher.signature(text);
            if (doc.get("signature").isNull()) {
                assertNull(sig, () -> "no signature expected for " + text);
            } else {
                assertArrayEquals(unsigned(doc.get("signature")), sig, () -> "signature of " + text);
                withSignature++;
            }
        }
        assertTrue(withSignature >= 20, "the golden file should exercise most texts: " + withSignature);
    }

    @Test
    void exactKeysMatchPythonSplitJoinMd5() {
        TextNormalisation plain = TextNormalisation.defaults();
        TextNormalisation lower = new TextNormalisation(true, false);
        for (JsonNode doc : golden.get("docs")) {
            String text = doc.get("text").asText();
            assertEquals(doc.get("exactKey").asText(), plain.key(text), () -> "key of " + text);
            assertEquals(doc.get("exactKeyLower").asText(), lower.key(text), () -> "lower-case key of " + text);
        }
    }
}
