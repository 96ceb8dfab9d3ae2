package org.sparkharness.data.text;

/**
 * Whitespace as Python's {@code str.isspace()} (and so {@code str.split()} and {@code re}'s {@code \s}) defines it.
 * The SpamAssassin ground truth  and datatrove's {@code simplify_text} were computed in
 * Python, so the Java keys must split on exactly these code points. The set differs from Java's
 * {@link Character#isWhitespace} (which excludes no-break spaces) and from {@code (?U)\s} (which excludes the
 * information separators U+001C..U+001F).
 */
public final class PythonWhitespace {
    private PythonWhitespace() {}

    /** True for the 29 code points Python treats as whitespace (Unicode 14). */
    public static boolean isSpace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /**
     * {@code " ".join(text.split())}: whitespace runs become one space, none at either end. Works on chars: every
     * whitespace code point is in the BMP, and surrogates are never whitespace.
     */
    public static String collapse(String text) {
        return collapseBlanks(text, null);
    }

    /**
     * Like {@link #collapse}, but the BMP code points flagged in {@code alsoBlank} count as whitespace too (they
     * are dropped at the ends and merge with neighbouring whitespace into one space).
     */
    public static String collapseBlanks(String text, boolean[] alsoBlank) {
        int n = text.length();
        char[] out = new char[n];
        int len = 0;
        boolean pendingSpace = false;
        boolean otherBlank = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (isSpace(c) || (alsoBlank != null && alsoBlank[c])) {
                pendingSpace = true;
                otherBlank |= c != ' ';
            } else {
                if (pendingSpace && len > 0) {
                    out[len++] = ' ';
                }
                pendingSpace = false;
                out[len++] = c;
            }
        }
        // Same length means every blank was written back as one space: unchanged unless one was not a space.
        return len == n && !otherBlank ? text : new String(out, 0, len);
    }
}
