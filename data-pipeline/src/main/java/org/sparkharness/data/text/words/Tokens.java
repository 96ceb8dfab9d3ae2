package org.sparkharness.data.text.words;

/**
 * The word tokens of one text as UTF-16 spans, without a string per token. Also numbers the distinct tokens
 * ({@link #wordId}), computed once on first use, so that n-gram counting compares ints instead of strings.
 * Lengths are in code points, as Python's {@code len} counts them (the reference semantics).
 */
public final class Tokens {
    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int count;
    /** Whether the text holds a surrogate char (then lengths need counting): 1 or 0, -1 until first asked. */
    private byte surrogates = -1;

    private int[] wordIds;
    private int distinct;

    /**
     * Tokens given as spans, for {@link WordTokenizer} implementations: token {@code i} is
     * {@code text[starts[i], ends[i])}, non-empty, in text order. The arrays are used as they are, not copied.
     */
    public static Tokens of(String text, int[] starts, int[] ends, int count) {
        if (count < 0 || count > starts.length || count > ends.length) {
            throw new IllegalArgumentException("count " + count + " outside the span arrays");
        }
        return new Tokens(text, starts, ends, count);
    }

    Tokens(String text, int[] starts, int[] ends, int count) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
    }

    /** Whether {@code text[start, end)} holds a surrogate char (then lengths in code points need counting). */
    public static boolean hasSurrogate(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isSurrogate(text.charAt(i))) return true;
        }
        return false;
    }

    public String text() {
        return text;
    }

    public int count() {
        return count;
    }

    /** UTF-16 offset of token {@code i}'s first char. */
    public int start(int i) {
        return starts[i];
    }

    /** UTF-16 offset just past token {@code i}. */
    public int end(int i) {
        return ends[i];
    }

    public String word(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** Length of token {@code i} in code points. */
    public int length(int i) {
        if (surrogates < 0) surrogates = (byte) (hasSurrogate(text, 0, text.length()) ? 1 : 0);
        return surrogates == 1 ? text.codePointCount(starts[i], ends[i]) : ends[i] - starts[i];
    }

    /** Whether token {@code i} equals {@code s} char for char. */
    public boolean wordEquals(int i, String s) {
        int len = ends[i] - starts[i];
        return len == s.length() && text.regionMatches(starts[i], s, 0, len);
    }

    /** Whether tokens {@code i} and {@code j} have the same text. */
    public boolean sameWord(int i, int j) {
        int len = ends[i] - starts[i];
        return len == ends[j] - starts[j] && text.regionMatches(starts[i], text, starts[j], len);
    }

    /** Dense id of token {@code i}'s text: equal ids exactly when the token strings are equal. */
    public int wordId(int i) {
        if (wordIds == null) numberWords();
        return wordIds[i];
    }

    /** Number of distinct token strings. */
    public int distinctWords() {
        if (wordIds == null) numberWords();
        return distinct;
    }

    /** Open addressing over token spans; the table holds the index of the first token of each distinct word. */
    private void numberWords() {
        int[] ids = new int[count];
        int capacity = Hashing.tableSize(count);
        int mask = capacity - 1;
        int[] slotToken = new int[capacity];
        int[] slotId = new int[capacity];
        java.util.Arrays.fill(slotToken, -1);
        int next = 0;
        for (int i = 0; i < count; i++) {
            int h = Hashing.mix(Hashing.chars(text, starts[i], ends[i]));
            int slot = h & mask;
            while (true) {
                int t = slotToken[slot];
                if (t < 0) {
                    slotToken[slot] = i;
                    slotId[slot] = next;
                    ids[i] = next++;
                    break;
                }
                if (sameWord(t, i)) {
                    ids[i] = slotId[slot];
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        wordIds = ids;
        distinct = next;
    }
}
