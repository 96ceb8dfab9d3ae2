package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.text.PythonWhitespace;

/** The exact-dedup key: Python's split/join whitespace collapsing, optional lower-case and stripping, MD5 hex. */
class TextNormalisationTest {
    private static final TextNormalisation DEFAULT = TextNormalisation.defaults();

    @Test
    void collapsesPythonWhitespaceRunsAndTrims() {
        assertEquals("a b c", DEFAULT.normalise("  a \t\n b\r\n\u000B\u000C c  "));
        // Python's str.split() also splits on U+001C..U+001F, U+0085, no-break and ideographic spaces
        assertEquals("a b c d e", DEFAULT.normalise("a\u001Cb\u0085c\u00A0d\u3000e"));
        // ... but not on zero-width space or other format characters
        assertEquals("a\u200Bb", DEFAULT.normalise("a\u200Bb"));
        assertEquals("", DEFAULT.normalise(" \n\t "));
        assertEquals("", DEFAULT.normalise(null));
        String clean = "already clean";
        assertSame(clean, DEFAULT.normalise(clean));
    }

    @Test
    void keyIsMd5HexOfTheUtf8NormalisedText() {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", DEFAULT.key(""));
        assertEquals("5eb63bbbe01eeed093cb22bb8f5acdc3", DEFAULT.key("hello world"));
        assertEquals(DEFAULT.key("hello world"), DEFAULT.key("\thello \n\n world "));
        assertNotEquals(DEFAULT.key("hello world"), DEFAULT.key("helloworld"));
        assertNotEquals(DEFAULT.key("hello world"), DEFAULT.key("Hello world"));
        assertEquals(DEFAULT.key(""), DEFAULT.key(null));
    }

    @Test
    void optionsLowerCaseAndStripNonAlphanumerics() {
        TextNormalisation lower = new TextNormalisation(true, null);
        assertEquals(lower.key("hello world"), lower.key("HELLO  World"));
        TextNormalisation strip = new TextNormalisation(false, true);
        assertEquals("email Email 42 café", strip.normalise("e-mail, E-mail! (42) café…"));
        TextNormalisation both = new TextNormalisation(true, true);
        assertEquals(both.key("email email"), both.key("E-Mail -- e.mail"));
        assertEquals("md5(utf8(collapse_whitespace(strip_non_alphanumeric(lower(text)))))", both.describe());
        assertEquals("md5(utf8(collapse_whitespace(text)))", DEFAULT.describe());
    }

    @Test
    void bindsFromJsonWithDefaultsAndSurvivesJavaSerialisation() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(new TextNormalisation(true, false), json.readValue("{\"lowercase\": true}",
                TextNormalisation.class));
        assertEquals(DEFAULT, json.readValue("{}", TextNormalisation.class));
        assertEquals(DEFAULT, json.readValue(json.writeValueAsString(DEFAULT), TextNormalisation.class));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new TextNormalisation(true, true));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(new TextNormalisation(true, true), in.readObject());
        }
    }
}
