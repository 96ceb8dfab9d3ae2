package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpamAssassinMessagesTest {

    private static Record parse(String json) {
        return SpamAssassinMessages.parse("package/data/spam-2/00001.x.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bodyIsTheTextAfterTheFirstBlankLine() {
        Record r = parse("{\"id\":\"00001\",\"group\":\"spam-2\",\"text\":\"From: a\\nTo: b\\n\\nHello\\n\\nBye\\n\"}");
        assertEquals(Record.Kind.DOC, r.kind);
        assertEquals("Hello\n\nBye\n", r.text);
        assertEquals("spam-2", r.source);
        assertEquals(-1, r.line);
        assertEquals("package/data/spam-2/00001.x.json", r.file);
        assertEquals("no headers here", parse("{\"group\":\"easy-ham-1\",\"text\":\"no headers here\"}").text);
        assertEquals("", parse("{\"group\":\"g\",\"text\":\"headers only\\n\\n\"}").text,
                "an empty body is still a document");
    }

    @Test
    void withoutAGroupTheFolderNamesTheSource() {
        assertEquals("spam-2", parse("{\"text\":\"x\"}").source);
        assertEquals("spam-2", parse("{\"group\":\" \",\"text\":\"x\"}").source);
    }

    @Test
    void damagedMessagesAreCorruptWithAReason() {
        assertTrue(parse("{\"text\":\"unterminated").reason.startsWith("invalid JSON: Unexpected end-of-input"));
        assertTrue(parse("{\"text\":\"x\"} {}").reason.startsWith("invalid JSON: Trailing token"),
                parse("{\"text\":\"x\"} {}").reason);
        assertTrue(parse("{\"text\":\"x\"} junk").reason.startsWith("invalid JSON: Unrecognized token 'junk'"));
        assertEquals("not a JSON object", parse("[1, 2]").reason);
        assertEquals("not a JSON object", parse("").reason);
        assertEquals("no text field", parse("{\"group\":\"spam-1\"}").reason);
        assertEquals("no text field", parse("{\"text\":null}").reason);
        assertEquals("text is a JSON number, not a string", parse("{\"text\":12}").reason);
        assertEquals("blank text", parse("{\"text\":\" \\n\"}").reason);
        assertEquals(Record.Kind.CORRUPT, parse("{\"text\":12}").kind);
    }

    @Test
    void messagesAreTheJsonFilesOfGroupFolders() {
        assertTrue(SpamAssassinMessages.isMessage("package/data/spam-1/00001.abc.json", "package/data/"));
        assertFalse(SpamAssassinMessages.isMessage("package/data/file_list.json", "package/data/"));
        assertFalse(SpamAssassinMessages.isMessage("package/data/spam-1/00001.abc.txt", "package/data/"));
        assertFalse(SpamAssassinMessages.isMessage("package/data/spam-1/deeper/x.json", "package/data/"));
        assertFalse(SpamAssassinMessages.isMessage("package/package.json", "package/data/"));
        assertTrue(SpamAssassinMessages.isMessage("spam-1/x.json", ""));
        assertFalse(SpamAssassinMessages.isMessage("file_list.json", ""));
    }
}
