package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {
    /** 10,000 labels, 1,000 per class, in a scrambled order. */
    private static int[] balanced() {
        int[] labels = new int[10_000];
        for (int i = 0; i < labels.length; i++) labels[i] = (i * 7) % 10;
        return labels;
    }

    private static int[] counts(int[] labels) {
        int[] c = new int[10];
        for (int l : labels) c[l]++;
        return c;
    }

    @Test
    void keepsClassCountsAndChangesAboutTheExpectedNumber() {
        int[] labels = balanced();
        int[] noisy = LabelNoise.shuffle(labels, 0.1, 42);
        assertArrayEquals(counts(labels), counts(noisy), "a permutation among the chosen keeps the marginals");
        // 1,000 chosen; a chosen example keeps its label with probability Σ π_c² = 0.1 ⇒ about 900 change.
        int changed = LabelNoise.changed(labels, noisy);
        assertTrue(changed >= 860 && changed <= 940, "changed " + changed);
        assertTrue(changed < 1000, "some chosen examples keep their own label");
        assertArrayEquals(balanced(), labels, "input untouched");
    }

    @Test
    void onlyChosenIndicesChangeAndTheyArePermutedAmongThemselves() {
        int[] labels = balanced();
        int[] chosen = LabelNoise.chosen(labels.length, 0.05, 9);
        assertEquals(500, chosen.length);
        Set<Integer> set = new HashSet<>();
        for (int i : chosen) set.add(i);
        assertEquals(500, set.size(), "distinct indices");
        int[] noisy = LabelNoise.shuffle(labels, 0.05, 9);
        int[] before = new int[500];
        int[] after = new int[500];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (!set.contains(i)) {
                assertEquals(labels[i], noisy[i], "index " + i + " was not chosen");
            } else {
                before[k] = labels[i];
                after[k++] = noisy[i];
            }
        }
        Arrays.sort(before);
        Arrays.sort(after);
        assertArrayEquals(before, after, "the chosen labels are a permutation of themselves");
        // data_diet: Y[sort(idx)] = Y[idx]
        int[] sorted = chosen.clone();
        Arrays.sort(sorted);
        for (int j = 0; j < chosen.length; j++) assertEquals(labels[chosen[j]], noisy[sorted[j]]);
    }

    @Test
    void seededAndBounded() {
        int[] labels = balanced();
        assertArrayEquals(LabelNoise.shuffle(labels, 0.2, 1), LabelNoise.shuffle(labels, 0.2, 1));
        assertFalse(Arrays.equals(LabelNoise.shuffle(labels, 0.2, 1), LabelNoise.shuffle(labels, 0.2, 2)));
        assertArrayEquals(labels, LabelNoise.shuffle(labels, 0.0, 1));
        assertEquals(10_000, LabelNoise.chosen(10_000, 1.0, 3).length);
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.shuffle(labels, 1.5, 1));
    }
}
