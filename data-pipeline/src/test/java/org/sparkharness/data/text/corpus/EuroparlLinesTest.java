package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EuroparlLinesTest {

    @Test
    void threeFieldsGiveTheBody() {
        Record r = EuroparlLines.parse("e.txt", 4, "Title\t2003-01-01\tThe body\twith no tab", 0, "europarl");
        assertEquals(Record.Kind.CORRUPT, r.kind, "a tab in the body makes 4 fields");

        Record ok = EuroparlLines.parse("e.txt", 4, "Title\t2003-01-01\tThe body", 2, "europarl");
        assertEquals(Record.Kind.DOC, ok.kind);
        assertEquals("The body", ok.text);
        assertEquals("europarl", ok.source);
        assertEquals(4, ok.line);
        assertEquals(2, ok.replacedChars);
    }

    @Test
    void otherFieldCountsAreCorruptWithTheCount() {
        assertEquals("1 field, expected 3 (title, date, body)",
                EuroparlLines.parse("e", 0, "", 0, "europarl").reason);
        assertEquals("2 fields, expected 3 (title, date, body)",
                EuroparlLines.parse("e", 0, "t\tbody", 0, "europarl").reason);
        assertEquals("4 fields, expected 3 (title, date, body)",
                EuroparlLines.parse("e", 0, "t\td\tb\t", 0, "europarl").reason, "trailing empty fields count");
        Record empty = EuroparlLines.parse("e", 0, "t\td\t", 0, "europarl");
        assertEquals(Record.Kind.DOC, empty.kind, "three fields, empty body: kept, as §4 says");
        assertEquals("", empty.text);
    }
}
