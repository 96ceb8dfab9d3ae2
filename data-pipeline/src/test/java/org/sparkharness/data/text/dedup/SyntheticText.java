package org.sparkharness.data.text.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic documents for the dedup tests: lower-case pseudo-words, so that two independently drawn
 * documents share essentially no 5-gram, and near copies made by editing a known fraction of the words
 * (docs/algorithms/data-pipeline.md §8, G11: 5–15 % of words edited).
 */
final class SyntheticText {
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
        "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io"};
    private static final String[] CODAS = {"", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "x"};

    private SyntheticText() {}

    /** A pronounceable lower-case word of 1-3 syllables (about 10^6 distinct ones). */
    static String word(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int syllables = 1 + rnd.nextInt(3);
        for (int s = 0; s < syllables; s++) {
            sb.append(ONSETS[rnd.nextInt(ONSETS.length)]).append(VOWELS[rnd.nextInt(VOWELS.length)]);
        }
        return sb.append(CODAS[rnd.nextInt(CODAS.length)]).toString();
    }

    static List<String> words(SplittableRandom rnd, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(word(rnd));
        }
        return out;
    }

    /**
     * A copy of {@code words} with {@code Math.round(fraction · size)} edits, each a substitution, deletion or
     * insertion of one word; {@code blocks} ≥ 1 groups the edits into that many runs of adjacent positions
     * (clustered edits keep more 5-grams intact than scattered ones, as in real boilerplate changes).
     */
    static List<String> edit(List<String> words, double fraction, int blocks, SplittableRandom rnd) {
        List<String> out = new ArrayList<>(words);
        int edits = (int) Math.round(fraction * words.size());
        int perBlock = Math.max(1, (edits + blocks - 1) / blocks);
        int done = 0;
        while (done < edits) {
            int run = Math.min(perBlock, edits - done);
            int at = rnd.nextInt(Math.max(1, out.size() - run));
            for (int k = 0; k < run; k++) {
                int pos = Math.min(at + k, out.size() - 1);
                int kind = rnd.nextInt(3);
                if (kind == 0) {
                    out.set(pos, word(rnd));
                } else if (kind == 1 && out.size() > 1) {
                    out.remove(pos);
                } else {
                    out.add(pos, word(rnd));
                }
            }
            done += run;
        }
        return out;
    }
}
