package org.sparkharness.data.text.words;

import java.util.Arrays;

/**
 * The loop behind this package's tokenizers: the matches of {@code \w+|[^\w\s]+}, or with joined words of
 * {@code \w+(?:[-']\w+)*|[^\w\s]+}, under one {@link CharClasses} flavour, whitespace dropped. A char loop gives
 * exactly the regex's matches at several times its speed. A BMP lookup table answers most chars; supplementary code
 * points and lone surrogates (which the regex engines treat as code points, the latter of category Cs) are
 * classified on the fly. On request the loop also writes the words' UTF-8 as it reads them ({@link ShingleWords}),
 * so that the dedup shingles cost one pass over the text, not two.
 */
final class RunSplitter {
    private static final byte SURROGATE = 3;

    private final CharClasses classes;
    private final boolean joinsWords;
    private final byte[] bmp;

    /**
     * @param joinsWords whether a hyphen or apostrophe between word chars joins them into one word
     *                   ({@code (?:[-']\w+)*})
     */
    RunSplitter(CharClasses classes, boolean joinsWords) {
        this.classes = classes;
        this.joinsWords = joinsWords;
        this.bmp = new byte[0x10000];
        for (int c = 0; c < 0x10000; c++) {
            bmp[c] = Character.isSurrogate((char) c) ? SURROGATE : classes.classify(c);
        }
    }

    Tokens split(String text) {
        return split(text, null);
    }

    /** The tokens of {@code text}; with {@code utf8} not null, also writes each token there. */
    Tokens split(String text, ShingleWords.Builder utf8) {
        int n = text.length();
        int cap = Math.max(16, n / 5);
        int[] starts = new int[cap];
        int[] ends = new int[cap];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            byte k = bmp[c];
            int cp = c;
            int width = 1;
            if (k == SURROGATE) {
                cp = text.codePointAt(i);
                k = classes.classify(cp);
                width = Character.charCount(cp);
            }
            if (k == CharClasses.SPACE) {
                i += width;
                continue;
            }
            if (utf8 != null) {
                utf8.beginWord();
                utf8.put(cp);
            }
            int start = i;
            int end;
            if (k == CharClasses.WORD) {
                end = runEnd(text, i + width, n, CharClasses.WORD, utf8);
                // (?:[-']\w+)*: a hyphen or apostrophe joins only when a word char follows it
                while (joinsWords && end < n) {
                    char sep = text.charAt(end);
                    boolean joins = (sep == '-' || sep == '\'') && end + 1 < n
                            && classAt(text, end + 1) == CharClasses.WORD;
                    if (!joins) break;
                    if (utf8 != null) utf8.putChar(sep);
                    end = runEnd(text, end + 1, n, CharClasses.WORD, utf8);
                }
            } else {
                end = runEnd(text, i + width, n, CharClasses.OTHER, utf8);
            }
            if (utf8 != null) utf8.endWord();
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            count++;
            i = end;
        }
        return new Tokens(text, starts, ends, count);
    }

    /** End of the run of {@code kind} chars that starts at (or continues from) {@code i}, written to utf8 if any. */
    private int runEnd(String text, int i, int n, byte kind, ShingleWords.Builder utf8) {
        while (i < n) {
            char c = text.charAt(i);
            byte k = bmp[c];
            if (k == kind) {
                if (utf8 != null) utf8.putChar(c);
                i++;
            } else if (k == SURROGATE) {
                int cp = text.codePointAt(i);
                if (classes.classify(cp) != kind) return i;
                if (utf8 != null) utf8.put(cp);
                i += Character.charCount(cp);
            } else {
                return i;
            }
        }
        return i;
    }

    private byte classAt(String text, int i) {
        int cp = text.codePointAt(i);
        return cp < 0x10000 && bmp[cp] != SURROGATE ? bmp[cp] : classes.classify(cp);
    }
}
