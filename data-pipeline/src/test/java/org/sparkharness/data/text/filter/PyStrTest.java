package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python str semantics (CPython 3.11) that the filters rely on. */
class PyStrTest {

    private static List<String> splitLines(String s) {
        int[] count = new int[1];
        int[] spans = PyStr.splitLines(s, count);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) out.add(s.substring(spans[2 * i], spans[2 * i + 1]));
        return out;
    }

    @Test
    void splitLinesBreaksWherePythonDoes() {
        assertEquals(List.of(), splitLines(""));
        assertEquals(List.of("a"), splitLines("a\n"));
        assertEquals(List.of("a", ""), splitLines("a\n\n"));
        assertEquals(List.of("", "a"), splitLines("\na"));
        assertEquals(List.of("a", "b"), splitLines("a\r\nb"));
        assertEquals(List.of("a", "", "b"), splitLines("a\n\rb"));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"),
                splitLines("1\n2\r3\u000b4\u000c5\u001c6\u001d7\u001e8\u00859\u202810\u202911"));
        assertEquals(List.of("a\u001fb\u2029".substring(0, 3)), splitLines("a\u001fb\u2029"));
    }

    @Test
    void whitespaceIsPythonsIsspace() {
        // the exact list str.isspace() accepts in CPython 3.11
        int[] spaces = {0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
                0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000};
        List<Integer> expected = new ArrayList<>();
        for (int c : spaces) expected.add(c);
        List<Integer> actual = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (PyStr.isSpace((char) c)) actual.add(c);
        }
        assertEquals(expected, actual);
        assertEquals(3, PyStr.stripStart(" \u00a0\tab ", 0, 6));
        assertEquals(5, PyStr.stripEnd(" \u00a0\tab\u3000", 0, 6));
    }

    @Test
    void countIsNonOverlapping() {
        assertEquals(1, PyStr.count(".....", "..."));
        assertEquals(2, PyStr.count("......", "..."));
        assertEquals(0, PyStr.count("..", "..."));
        assertEquals(3, PyStr.count("#a##", '#'));
    }
}
