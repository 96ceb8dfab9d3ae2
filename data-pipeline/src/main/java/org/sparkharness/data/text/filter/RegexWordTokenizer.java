package org.sparkharness.data.text.filter;

/**
 * The pinned tokenizer of docs/algorithms/data-pipeline.md §7.1: the matches of {@value #PATTERN}, i.e. words with
 * inner hyphens or apostrophes ("don't", "state-of-the-art") and runs of punctuation, whitespace dropped. Implemented
 * as a char loop that gives exactly the regex's matches (checked against {@link java.util.regex.Pattern} in the tests)
 * at several times its speed.
 *
 * <p>Two flavours of the character classes:
 * <ul>
 *   <li>{@link #INSTANCE} (the project default, as the spec pins it): Java's {@code Pattern.UNICODE_CHARACTER_CLASS},
 *       word = Alphabetic, Mn, Me, Mc, Nd, Pc or Join_Control; space = White_Space.</li>
 *   <li>{@link #PYTHON_RE}: Python 3's {@code re} on str, which the reference port used: word = {@code isalnum()}
 *       (categories L*, Nd, Nl, No) or {@code _}; space = {@code isspace()}. Combining marks are not word chars
 *       there, which moves a handful of mojibake documents between Gopher rules (docs/algorithms/data-pipeline.md §7.3
 *       parity).</li>
 * </ul>
 * A BMP lookup table answers most chars; supplementary code points and lone surrogates (which both regex engines
 * treat as code points of category Cs) are classified on the fly.
 */
public final class RegexWordTokenizer implements WordTokenizer {
    private static final long serialVersionUID = 1L;

    /** The regex this tokenizer implements. */
    public static final String PATTERN = "\\w+(?:[-']\\w+)*|[^\\w\\s]+";

    static final byte SPACE = 0;
    static final byte WORD = 1;
    static final byte OTHER = 2;
    private static final byte SURROGATE = 3;

    private static final byte[] JAVA_BMP = table(false);
    private static final byte[] PYTHON_BMP = table(true);

    /** Java's Unicode classes: the pinned default. */
    public static final RegexWordTokenizer INSTANCE = new RegexWordTokenizer(false);

    /** Python {@code re} classes, for parity with the Python reference port. */
    public static final RegexWordTokenizer PYTHON_RE = new RegexWordTokenizer(true);

    private final boolean python;
    private final transient byte[] bmp;

    private RegexWordTokenizer(boolean python) {
        this.python = python;
        this.bmp = python ? PYTHON_BMP : JAVA_BMP;
    }

    private static byte[] table(boolean python) {
        byte[] t = new byte[0x10000];
        for (int c = 0; c < 0x10000; c++) {
            t[c] = Character.isSurrogate((char) c) ? SURROGATE : python ? classifyPython(c) : classifyJava(c);
        }
        return t;
    }

    @Override
    public String name() {
        return "regex:" + PATTERN + (python ? " (Python re classes)" : " (Java UNICODE_CHARACTER_CLASS)");
    }

    /** Class of a code point as Java's {@code \w} / {@code \s} see it under UNICODE_CHARACTER_CLASS. */
    static byte classifyJava(int cp) {
        int type = Character.getType(cp);
        boolean space = (((1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR)
                | (1 << Character.PARAGRAPH_SEPARATOR)) >> type & 1) != 0
                || (cp >= 0x9 && cp <= 0xd) || cp == 0x85;
        if (space) return SPACE;
        boolean word = Character.isAlphabetic(cp)
                || (((1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
                | (1 << Character.COMBINING_SPACING_MARK) | (1 << Character.DECIMAL_DIGIT_NUMBER)
                | (1 << Character.CONNECTOR_PUNCTUATION)) >> type & 1) != 0
                || cp == 0x200C || cp == 0x200D;
        return word ? WORD : OTHER;
    }

    /** Class of a code point as Python 3's {@code re} sees {@code \w} / {@code \s} in a str pattern. */
    static byte classifyPython(int cp) {
        if (cp < 0x10000 && PyStr.isSpace((char) cp)) return SPACE;
        if (cp == '_') return WORD;
        int type = Character.getType(cp);
        boolean alnum = ((1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
                | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
                | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER)
                >> type & 1) != 0;
        return alnum ? WORD : OTHER;
    }

    private byte classify(int cp) {
        return python ? classifyPython(cp) : classifyJava(cp);
    }

    @Override
    public Tokens tokenize(String text) {
        int n = text.length();
        int cap = Math.max(16, n / 5);
        int[] starts = new int[cap];
        int[] ends = new int[cap];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            byte k = bmp[c];
            int width = 1;
            if (k == SURROGATE) {
                int cp = text.codePointAt(i);
                k = classify(cp);
                width = Character.charCount(cp);
            }
            if (k == SPACE) {
                i += width;
                continue;
            }
            int start = i;
            int end;
            if (k == WORD) {
                end = wordRunEnd(text, i + width, n);
                // (?:[-']\w+)*: a hyphen or apostrophe joins only when a word char follows it
                while (end < n) {
                    char sep = text.charAt(end);
                    if ((sep != '-' && sep != '\'') || end + 1 >= n || classAt(text, end + 1) != WORD) break;
                    end = wordRunEnd(text, end + 1, n);
                }
            } else {
                end = otherRunEnd(text, i + width, n);
            }
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            count++;
            i = end;
        }
        return new Tokens(text, starts, ends, count, hasSurrogate(text, 0, n));
    }

    /** End of the run of word chars that starts at (or continues from) {@code i}. */
    private int wordRunEnd(String text, int i, int n) {
        while (i < n) {
            char c = text.charAt(i);
            byte k = bmp[c];
            if (k == WORD) {
                i++;
            } else if (k == SURROGATE) {
                int cp = text.codePointAt(i);
                if (classify(cp) != WORD) return i;
                i += Character.charCount(cp);
            } else {
                return i;
            }
        }
        return i;
    }

    /** End of the run of chars that are neither word nor space, from {@code i}. */
    private int otherRunEnd(String text, int i, int n) {
        while (i < n) {
            char c = text.charAt(i);
            byte k = bmp[c];
            if (k == OTHER) {
                i++;
            } else if (k == SURROGATE) {
                int cp = text.codePointAt(i);
                if (classify(cp) != OTHER) return i;
                i += Character.charCount(cp);
            } else {
                return i;
            }
        }
        return i;
    }

    private byte classAt(String text, int i) {
        return classOf(text.codePointAt(i));
    }

    private byte classOf(int cp) {
        return cp < 0x10000 && bmp[cp] != SURROGATE ? bmp[cp] : classify(cp);
    }

    static boolean hasSurrogate(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isSurrogate(text.charAt(i))) return true;
        }
        return false;
    }

    private Object readResolve() {
        return python ? PYTHON_RE : INSTANCE;
    }
}
