package org.sparkharness.data.text.dedup;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.sparkharness.data.text.PythonWhitespace;

/**
 * datatrove's {@code simplify_text} with its {@code TextNormConfig} switches (utils/text.py @a649de7): the text
 * MinHash shingles are built from. Steps, in datatrove's order: lower-case; every run of decimal digits, optionally
 * followed by one separator of {@code . , U+060C U+066B U+2396 U+2397 U+2398} and more digits, becomes {@code 0};
 * weekday and month names (English, lower-case) become {@code WEEKDAY} / {@code MONTH}; datatrove's punctuation
 * set becomes spaces; whitespace runs become one space and the ends are trimmed; the text is NFD-normalised and
 * non-spacing marks (category Mn) are dropped; the ends are trimmed again.
 *
 * <p>Differences from Python that remain: Java 17 uses Unicode 13 where a current CPython uses 14 or later, so
 * code points assigned since then may be classified differently; lower-casing is {@code toLowerCase(Locale.ROOT)}.
 * The golden file {@code testdata/text-dedup/golden.json}, written by an independent Python port, pins the
 * behaviour on Greek final sigma, Turkish dotted I, ß, combining marks, non-ASCII digits and control characters.
 *
 * @param lowercase             default true
 * @param normWhitespace        default true
 * @param removePunctuation     default true
 * @param normUnicodeDiacritics default true
 * @param normNumbers           default true
 * @param normWeekdays          default false
 * @param normMonthnames        default false
 */
public record TextSimplification(Boolean lowercase, Boolean normWhitespace, Boolean removePunctuation,
                                 Boolean normUnicodeDiacritics, Boolean normNumbers, Boolean normWeekdays,
                                 Boolean normMonthnames) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * datatrove's {@code PUNCTUATION} string (every ASCII punctuation mark and some typographic and CJK ones; note
     * that U+2018 is not in it) and its control-character ranges 0-8, 11-12, 13-31, 127-159. Tab and line feed
     * are whitespace instead.
     */
    private static final int[] PUNCTUATION = {
        0x21, 0x2F, 0x2014, 0x201D, 0x3A, 0xFF05, 0xFF11, 0x3008, 0x26, 0x28, 0x3001, 0x2501, 0x5C, 0x3010, 0x23,
        0x25, 0x300C, 0x300D, 0xFF0C, 0x3011, 0xFF1B, 0x2B, 0x5E, 0x5D, 0x7E, 0x201C, 0x300A, 0x201E, 0x27, 0x3B,
        0x2019, 0x7B, 0x7C, 0x2236, 0xB4, 0x5B, 0x3D, 0x2D, 0x60, 0x2A, 0xFF0E, 0xFF08, 0x2013, 0xFF1F, 0xFF01,
        0xFF1A, 0x24, 0xFF5E, 0xAB, 0x3009, 0x2C, 0x3E, 0x3C, 0x300B, 0x29, 0x3F, 0xFF09, 0x3002, 0x2026, 0x40,
        0x5F, 0x2E, 0x22, 0x7D, 0x25BA, 0xBB,
    };
    /** Indexed by BMP code point; every member of the set is in the BMP. */
    private static final boolean[] IS_PUNCTUATION = new boolean[0x10000];

    static {
        for (int cp : PUNCTUATION) {
            IS_PUNCTUATION[cp] = true;
        }
        for (int cp = 0; cp < 160; cp++) {
            if (cp < 9 || cp == 11 || cp == 12 || (cp >= 13 && cp < 32) || cp >= 127) {
                IS_PUNCTUATION[cp] = true;
            }
        }
    }

    /** {@link #decomposedWithoutMarks} per BMP char, filled on first use. */
    private static final String[] DECOMPOSED = new String[0x10000];

    private static final Pattern WEEKDAYS = Pattern.compile("monday|tuesday|wednesday|thursday|friday|saturday|sunday");
    private static final Pattern MONTHS = Pattern.compile(
            "january|february|march|april|may|june|july|august|september|october|november|december");

    /** Applies datatrove's defaults to missing switches. */
    public TextSimplification {
        lowercase = lowercase == null || lowercase;
        normWhitespace = normWhitespace == null || normWhitespace;
        removePunctuation = removePunctuation == null || removePunctuation;
        normUnicodeDiacritics = normUnicodeDiacritics == null || normUnicodeDiacritics;
        normNumbers = normNumbers == null || normNumbers;
        normWeekdays = normWeekdays != null && normWeekdays;
        normMonthnames = normMonthnames != null && normMonthnames;
    }

    /** datatrove's {@code DEF_TEXT_NORM_CONFIG}. */
    public static TextSimplification defaults() {
        return new TextSimplification(null, null, null, null, null, null, null);
    }

    /** True for a code point datatrove's punctuation step turns into a space. */
    public static boolean isPunctuation(int cp) {
        return cp < 0x10000 && IS_PUNCTUATION[cp];
    }

    /** The simplified text; {@code null} counts as empty. */
    public String simplify(String text) {
        String t = text == null ? "" : text;
        if (lowercase && normNumbers && removePunctuation && normWhitespace && !normWeekdays && !normMonthnames) {
            String fused = lowerZeroAndCollapse(t);
            if (fused != null) {
                return finish(fused);
            }
        }
        return stepByStep(t);
    }

    /** datatrove's steps one after the other; {@link #simplify} takes a fused path that gives the same result. */
    String stepByStep(String text) {
        String t = text == null ? "" : text;
        if (lowercase) {
            t = t.toLowerCase(Locale.ROOT);
        }
        if (normNumbers) {
            t = zeroNumbers(t);
        }
        if (normWeekdays) {
            t = WEEKDAYS.matcher(t).replaceAll("WEEKDAY");
        }
        if (normMonthnames) {
            t = MONTHS.matcher(t).replaceAll("MONTH");
        }
        if (removePunctuation && normWhitespace) {
            t = spacePunctuationAndCollapse(t);
        } else if (removePunctuation) {
            t = spacePunctuation(t);
        } else if (normWhitespace) {
            t = PythonWhitespace.collapse(t);
        }
        return finish(t);
    }

    private String finish(String t) {
        if (normUnicodeDiacritics) {
            t = dropNonSpacingMarks(t);
        }
        return strip(t);
    }

    /**
     * Lower-case, numbers to "0", punctuation to spaces and whitespace collapsing in one pass over the chars (the
     * default switches; about a third of the time of the separate steps). Lower-casing never creates or removes
     * digits, separators, punctuation or whitespace, so doing it per char in the same pass is equivalent, except for
     * the two code points whose String lower-casing differs from {@link Character#toLowerCase(int)}: U+0130 (to two
     * chars) and U+03A3 (final sigma depends on context). For those it returns null and the caller takes the
     * step-by-step path.
     */
    private static String lowerZeroAndCollapse(String t) {
        int n = t.length();
        char[] out = new char[n];
        int len = 0;
        boolean pendingSpace = false;
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c == '\u0130' || c == '\u03A3') {
                return null;
            }
            int width = digitWidth(t, i);
            if (width > 0) {
                int end = skipDigits(t, i);
                if (end + 1 < n && isNumberSeparator(t.charAt(end)) && digitWidth(t, end + 1) > 0) {
                    end = skipDigits(t, end + 1);
                }
                if (pendingSpace && len > 0) {
                    out[len++] = ' ';
                }
                pendingSpace = false;
                out[len++] = '0';
                i = end;
                continue;
            }
            if (IS_PUNCTUATION[c] || PythonWhitespace.isSpace(c)) {
                pendingSpace = true;
                i++;
                continue;
            }
            if (pendingSpace && len > 0) {
                out[len++] = ' ';
            }
            pendingSpace = false;
            if (c < 0x80) {
                out[len++] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
                i++;
            } else if (Character.isHighSurrogate(c)) {
                int cp = t.codePointAt(i);
                len += Character.toChars(Character.toLowerCase(cp), out, len);
                i += Character.charCount(cp);
            } else {
                out[len++] = (char) Character.toLowerCase((int) c);
                i++;
            }
        }
        return new String(out, 0, len);
    }

    /** Python's {@code NUMBERS_PATTERN.sub("0", t)}: a greedy digit run, then at most one separator and digit run. */
    static String zeroNumbers(String t) {
        int n = t.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            int width = digitWidth(t, i);
            if (width == 0) {
                i++;
                continue;
            }
            int start = i;
            int end = skipDigits(t, i);
            if (end + 1 < n && isNumberSeparator(t.charAt(end)) && digitWidth(t, end + 1) > 0) {
                end = skipDigits(t, end + 1);
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(t, copied, start).append('0');
            copied = end;
            i = end;
        }
        if (out == null) {
            return t;
        }
        return out.append(t, copied, n).toString();
    }

    private static int skipDigits(String t, int i) {
        int width;
        while (i < t.length() && (width = digitWidth(t, i)) > 0) {
            i += width;
        }
        return i;
    }

    /** 0 when no decimal digit (category Nd) starts at {@code i}, else its length in chars (1, or 2 above the BMP). */
    private static int digitWidth(String t, int i) {
        char c = t.charAt(i);
        if (c < 0x80) {
            return c >= '0' && c <= '9' ? 1 : 0;
        }
        if (Character.isHighSurrogate(c)) {
            int cp = t.codePointAt(i);
            return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.charCount(cp) : 0;
        }
        return Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER ? 1 : 0;
    }

    private static boolean isNumberSeparator(char c) {
        return c == '.' || c == ',' || c == '\u060C' || c == '\u066B' || c == '\u2396' || c == '\u2397'
                || c == '\u2398';
    }

    /** translate(PUNCTUATION -> " ") then WHITESPACE.sub(" ", strip()) in one pass. */
    private static String spacePunctuationAndCollapse(String t) {
        return PythonWhitespace.collapseBlanks(t, IS_PUNCTUATION);
    }

    private static String spacePunctuation(String t) {
        char[] chars = t.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (isPunctuation(chars[i])) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    /**
     * {@code "".join(c for c in NFD(t) if category(c) != "Mn")}. Text below U+00C0 is left as it is; text without
     * combining marks or surrogates is decomposed char by char from a table, which equals NFD of the whole text
     * because canonical reordering never crosses a character whose decomposition starts with a starter (every
     * non-mark of the BMP; {@code TextSimplificationTest} checks this for all of them). Anything else takes
     * {@link Normalizer}.
     */
    static String dropNonSpacingMarks(String t) {
        int n = t.length();
        int i = 0;
        while (i < n && t.charAt(i) < 0xC0) {
            i++;
        }
        if (i == n) {
            return t;
        }
        StringBuilder out = new StringBuilder(n + 16).append(t, 0, i);
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c < 0xC0) {
                out.append(c);
                continue;
            }
            String decomposed = decomposedWithoutMarks(c);
            if (decomposed == null) {
                return nfdWithoutNonSpacingMarks(t);
            }
            out.append(decomposed);
        }
        return out.toString();
    }

    /** NFD of the whole text, then every category Mn code point dropped. */
    static String nfdWithoutNonSpacingMarks(String t) {
        String nfd = Normalizer.normalize(t, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** NFD(c) without Mn, cached per char; null for a mark or a surrogate (the caller takes the full path). */
    private static String decomposedWithoutMarks(char c) {
        String cached = DECOMPOSED[c];
        if (cached != null) {
            return cached;
        }
        if (Character.isSurrogate(c)) {
            return null;
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return null;
        }
        String decomposed = nfdWithoutNonSpacingMarks(String.valueOf(c));
        DECOMPOSED[c] = decomposed; // a benign race: every thread computes the same immutable String
        return decomposed;
    }

    /** Python's {@code str.strip()}. */
    private static String strip(String t) {
        int start = 0;
        int end = t.length();
        while (start < end && PythonWhitespace.isSpace(t.codePointAt(start))) {
            start += Character.charCount(t.codePointAt(start));
        }
        while (end > start && PythonWhitespace.isSpace(t.codePointBefore(end))) {
            end -= Character.charCount(t.codePointBefore(end));
        }
        return start == 0 && end == t.length() ? t : t.substring(start, end);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public TextSimplification withLowercase(boolean lowercase) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withNormWhitespace(boolean normWhitespace) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withRemovePunctuation(boolean removePunctuation) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withNormUnicodeDiacritics(boolean normUnicodeDiacritics) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withNormNumbers(boolean normNumbers) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withNormWeekdays(boolean normWeekdays) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }

    public TextSimplification withNormMonthnames(boolean normMonthnames) {
        return new TextSimplification(lowercase, normWhitespace, removePunctuation, normUnicodeDiacritics, normNumbers,
                normWeekdays, normMonthnames);
    }
}
