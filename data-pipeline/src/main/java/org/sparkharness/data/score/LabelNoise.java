package org.sparkharness.data.score;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Label noise in the data_diet scheme ({@code randomize_labels}, docs/algorithms/data-pipeline.md §1.2): choose
 * ⌊fraction·N⌋ distinct indices at random and permute their labels among themselves ({@code Y[sort(idx)] = Y[idx]}).
 * Class counts are unchanged, and a chosen example can keep its own label (when the permutation hands it a label of the
 * same class), so fewer than ⌊fraction·N⌋ labels actually change. Seeded with {@link SplittableRandom}: the same
 * seed gives the same noise on every JVM.
 */
public final class LabelNoise {
    private LabelNoise() {}

    /** The noisy labels; {@code labels} is not modified. */
    public static int[] shuffle(int[] labels, double fraction, long seed) {
        int[] chosen = chosen(labels.length, fraction, seed);
        int[] sorted = chosen.clone();
        Arrays.sort(sorted);
        int[] noisy = labels.clone();
        for (int j = 0; j < chosen.length; j++) noisy[sorted[j]] = labels[chosen[j]];
        return noisy;
    }

    /** The ⌊fraction·n⌋ chosen indices, in the random order that defines the permutation. */
    public static int[] chosen(int n, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        int m = (int) Math.floor(fraction * n);
        int[] all = ScoreTrainer.allRows(n);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, m);
    }

    /** Number of positions where the two label arrays differ. */
    public static int changed(int[] original, int[] noisy) {
        if (original.length != noisy.length) throw new IllegalArgumentException("length mismatch");
        int c = 0;
        for (int i = 0; i < original.length; i++) if (original[i] != noisy[i]) c++;
        return c;
    }
}
