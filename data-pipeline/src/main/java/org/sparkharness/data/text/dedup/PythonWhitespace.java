package org.sparkharness.data.text.dedup;

/**
 * Whitespace as Python's {@code str.isspace()} (and so {@code str.split()} and {@code re}'s {@code \s}) defines it.
 * The SpamAssassin ground truth (data-pipeline.md §5.1) and datatrove's {@code simplify_text} were computed in
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

    /** {@code " ".join(text.split())}: whitespace runs become one space, none at either end. */
    public static String collapse(String text) {
        int n = text.length();
        StringBuilder out = null;
        boolean pendingSpace = false;
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = true;
                if (out == null) {
                    out = new StringBuilder(n).append(text, 0, i);
                }
            } else {
                if (pendingSpace && out != null && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                if (out != null) {
                    out.append(text, i, i + width);
                }
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }
}
