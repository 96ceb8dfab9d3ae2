package org.sparkharness.data.text.dedup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparkharness.data.text.PythonWhitespace;

/**
 * Splits simplified text into words: maximal runs of word characters (Java's {@code (?U)\w}: Alphabetic,
 * Mn, Me, Mc, Nd, Pc, Join_Control) and maximal runs of other non-space characters, as the regex {@link #REGEX}
 * does. It stands in for datatrove's English tokenizer (spaCy): on text that {@link TextSimplification} has
 * already stripped of punctuation both split on whitespace and split symbols off words; spaCy's English
 * exceptions ("dont" to "do" + "nt", "gonna" to "gon" + "na") are not reproduced.
 *
 * <p>The result is laid out for shingling without copies: the words' UTF-8 bytes joined by single spaces, with each
 * word's byte range, so the n-gram of words i..i+n-1 is the byte range from the start of word i to the end of word
 * i+n-1, exactly datatrove's {@code " ".join(ngram)}.
 */
public final class WordTokenizer {
    /** The same tokens as a regex, for Spark MLlib's RegexTokenizer ({@code gaps = false}). */
    public static final String REGEX = "(?U)\\w+|[^\\w\\s]+";

    private static final int SPACE = 0;
    private static final int WORD = 1;
    private static final int OTHER = 2;

    private WordTokenizer() {}

    /** Words of {@code text}, UTF-8 encoded and space-joined, with their byte ranges. */
    public static Tokens tokenize(String text) {
        int n = text.length();
        byte[] buf = new byte[Math.max(16, n + (n >> 2))];
        int len = 0;
        int[] starts = new int[Math.max(4, n / 4)];
        int[] ends = new int[starts.length];
        int count = 0;
        int current = SPACE;
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int kind = classify(cp);
            if (kind != current && current != SPACE) {
                ends[count++] = len;
            }
            if (kind != SPACE && kind != current) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                if (buf.length - len < 5) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                if (count > 0) {
                    buf[len++] = ' ';
                }
                starts[count] = len;
            }
            current = kind;
            if (kind != SPACE) {
                if (buf.length - len < 4) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                len = putUtf8(buf, len, cp);
            }
        }
        if (current != SPACE) {
            ends[count++] = len;
        }
        return new Tokens(buf, starts, ends, count);
    }

    /** The words as strings (tests, samples). */
    public static List<String> words(String text) {
        Tokens t = tokenize(text);
        List<String> out = new ArrayList<>(t.count());
        for (int i = 0; i < t.count(); i++) {
            out.add(t.word(i));
        }
        return out;
    }

    private static int classify(int cp) {
        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || cp == '_') {
                return WORD;
            }
            return PythonWhitespace.isSpace(cp) ? SPACE : OTHER;
        }
        if (PythonWhitespace.isSpace(cp)) {
            return SPACE;
        }
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return WORD;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.CONNECTOR_PUNCTUATION:
                return WORD;
            default:
                return OTHER;
        }
    }

    private static int putUtf8(byte[] buf, int at, int cp) {
        if (cp < 0x80) {
            buf[at++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[at++] = (byte) (0xC0 | (cp >> 6));
            buf[at++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                buf[at++] = '?'; // a lone surrogate, written as String.getBytes(UTF_8) does (Python would fail)
                return at;
            }
            buf[at++] = (byte) (0xE0 | (cp >> 12));
            buf[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[at++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            buf[at++] = (byte) (0xF0 | (cp >> 18));
            buf[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[at++] = (byte) (0x80 | (cp & 0x3F));
        }
        return at;
    }

    /**
     * Words as UTF-8 byte ranges of one buffer in which consecutive words are separated by exactly one space.
     */
    public static final class Tokens {
        private final byte[] utf8;
        private final int[] starts;
        private final int[] ends;
        private final int count;

        Tokens(byte[] utf8, int[] starts, int[] ends, int count) {
            this.utf8 = utf8;
            this.starts = starts;
            this.ends = ends;
            this.count = count;
        }

        public int count() {
            return count;
        }

        /** The shared buffer (not copied: do not modify). */
        public byte[] utf8() {
            return utf8;
        }

        /** Byte offset of word {@code i}. */
        public int start(int i) {
            return starts[i];
        }

        /** Byte offset just past word {@code i}. */
        public int end(int i) {
            return ends[i];
        }

        public String word(int i) {
            return new String(utf8, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        }
    }
}
