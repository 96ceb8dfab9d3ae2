package org.sparkharness.data.text.filter;

import org.sparkharness.data.text.PythonWhitespace;

/**
 * Python {@code str} semantics the datatrove filters rely on, as span arithmetic on a Java string: which chars are
 * whitespace for {@code strip()}/{@code split()}/{@code isspace()}, where {@code splitlines()} breaks, and
 * {@code len} in code points. Java's own trim/split/lines differ (e.g. {@code String.strip} keeps U+00A0 and
 * {@code lines()} ignores U+2028), and such differences move drop counts.
 */
final class PyStr {
    private PyStr() {}

    /** {@code str.isspace()} for one char ({@link PythonWhitespace}; no supplementary code point is whitespace). */
    static boolean isSpace(char c) {
        return PythonWhitespace.isSpace(c);
    }

    /** A line boundary of {@code str.splitlines()} ({@code \r\n} counts as one, see {@link #splitLines}). */
    static boolean isLineBreak(char c) {
        if (c <= '\r') return c >= '\n';
        return (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /**
     * {@code s.splitlines()} as spans {@code [start0, end0, start1, end1, ...]} (the returned array may be longer
     * than {@code 2 * lineCount}; the count is in element 0 of {@code countOut}). No final empty line after a
     * trailing break; an empty string has no lines.
     */
    static int[] splitLines(String s, int[] countOut) {
        int n = s.length();
        int[] spans = new int[16];
        int lines = 0;
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!isLineBreak(c)) {
                i++;
                continue;
            }
            spans = add(spans, lines++, start, i);
            i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
            start = i;
        }
        if (start < n) spans = add(spans, lines++, start, n);
        countOut[0] = lines;
        return spans;
    }

    private static int[] add(int[] spans, int index, int start, int end) {
        if (2 * index + 2 > spans.length) spans = java.util.Arrays.copyOf(spans, spans.length * 2);
        spans[2 * index] = start;
        spans[2 * index + 1] = end;
        return spans;
    }

    /** First index of {@code s[start, end)} after leading Python whitespace ({@code lstrip}). */
    static int stripStart(CharSequence s, int start, int end) {
        while (start < end && isSpace(s.charAt(start))) start++;
        return start;
    }

    /** End index of {@code s[start, end)} without trailing Python whitespace ({@code rstrip}). */
    static int stripEnd(CharSequence s, int start, int end) {
        while (end > start && isSpace(s.charAt(end - 1))) end--;
        return end;
    }

    /** {@code len(s[start:end])}: code points, counting a lone surrogate as one. */
    static int length(String s, int start, int end, boolean surrogates) {
        return surrogates ? Character.codePointCount(s, start, end) : end - start;
    }

    /** Whether {@code s[start, end)} ends with {@code suffix}. */
    static boolean endsWith(String s, int start, int end, String suffix) {
        int len = suffix.length();
        return end - start >= len && s.startsWith(suffix, end - len);
    }

    /** {@code s.count(sub)}: non-overlapping occurrences, scanning left to right. */
    static int count(String s, String sub) {
        int found = 0;
        int from = 0;
        while ((from = s.indexOf(sub, from)) >= 0) {
            found++;
            from += sub.length();
        }
        return found;
    }

    /** {@code s.count(c)} for one char. */
    static int count(String s, char c) {
        int found = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) == c) found++;
        }
        return found;
    }
}
