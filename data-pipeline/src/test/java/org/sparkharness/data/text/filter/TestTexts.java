package org.sparkharness.data.text.filter;

/**
 * Building blocks for filter tests: words that are distinct, letter-only, of an exact length and never a stop word
 * (consonants and {@code y} only), and fillers of an exact length made of such words.
 */
final class TestTexts {
    private static final String DIGITS = "bcdfgjklmpqrsvwxz";

    private TestTexts() {}

    /** Word number {@code i} with exactly {@code length} letters; distinct for distinct (i, length). */
    static String word(int i, int length) {
        StringBuilder digits = new StringBuilder();
        int v = i;
        do {
            digits.append(DIGITS.charAt(v % DIGITS.length()));
            v /= DIGITS.length();
        } while (v > 0);
        if (digits.length() > length) throw new IllegalArgumentException("word " + i + " needs > " + length + " letters");
        while (digits.length() < length) digits.append('y');
        return digits.reverse().toString();
    }

    /** {@code n} distinct words of {@code length} letters, numbered from {@code first}, joined by single spaces. */
    static String words(int first, int n, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) out.append(' ');
            out.append(word(first + i, length));
        }
        return out.toString();
    }

    /**
     * Exactly {@code length} chars (at least 4) of distinct words numbered from {@code first} and single spaces,
     * no leading or trailing space.
     */
    static String filler(int first, int length) {
        if (length < 4) throw new IllegalArgumentException("filler needs at least 4 chars, got " + length);
        StringBuilder out = new StringBuilder();
        int i = first;
        int remaining = length;
        while (remaining > 13) {
            out.append(word(i++, 6)).append(' ');
            remaining -= 7;
        }
        if (remaining == 13) {
            out.append(word(i++, 6)).append(' ').append(word(i, 6));
        } else {
            out.append(word(i, remaining));
        }
        return out.toString();
    }

    /** {@code s} repeated {@code n} times joined by {@code sep}. */
    static String repeat(String s, int n, String sep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) out.append(sep);
            out.append(s);
        }
        return out.toString();
    }
}
