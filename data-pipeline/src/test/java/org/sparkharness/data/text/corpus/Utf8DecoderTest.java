package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8DecoderTest {

    @Test
    void validTextIsUnchangedAndNothingIsCounted() {
        String text = "plain ascii, é, 日本語, 😀 and a U+FFFD: \uFFFD";
        Utf8Decoder d = new Utf8Decoder();
        assertEquals(text, d.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, d.replaced(), "a U+FFFD in the input is text, not a replacement");
    }

    @Test
    void eachMalformedSequenceBecomesOneReplacement() {
        Utf8Decoder d = new Utf8Decoder();
        // 0xff never occurs in UTF-8; 0xc3 lacks its continuation byte; 0xe2 0x82 is a truncated 3-byte sequence.
        byte[] bytes = {'a', (byte) 0xff, 'b', (byte) 0xc3, 'c', (byte) 0xe2, (byte) 0x82};
        assertEquals("a\uFFFDb\uFFFDc\uFFFD", d.decode(bytes));
        assertEquals(3, d.takeReplaced());
        assertEquals(0, d.replaced());
    }

    @Test
    void decodesASliceOnly() {
        byte[] bytes = "xxhello\u00e9yy".getBytes(StandardCharsets.UTF_8);
        assertEquals("hello\u00e9", new Utf8Decoder().decode(bytes, 2, 7));
    }

    @Test
    void agreesWithTheJdkReplacementOnRandomBytes() {
        Random random = new Random(11);
        Utf8Decoder d = new Utf8Decoder();
        for (int trial = 0; trial < 500; trial++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            String expected = new String(bytes, StandardCharsets.UTF_8);
            assertEquals(expected, d.decode(bytes));
            assertEquals(expected.chars().filter(c -> c == Utf8Decoder.REPLACEMENT).count(), d.takeReplaced(),
                    "random bytes hold no encoded U+FFFD (0xef 0xbf 0xbd) with this seed");
        }
    }
}
