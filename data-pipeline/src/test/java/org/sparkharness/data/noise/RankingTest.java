package org.sparkharness.data.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aurocHandCases() {
        assertEquals(1.0, Ranking.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {T, T, F, F}), 0.0,
                "perfect");
        assertEquals(0.0, Ranking.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {F, F, T, T}), 0.0,
                "inverse");
        // Pairs (pos, neg): (.9,.8) (.9,.6) (.7,.8) (.7,.6) → 3 of 4 ordered.
        assertEquals(0.75, Ranking.auroc(new double[] {0.9, 0.8, 0.7, 0.6}, new boolean[] {T, F, T, F}), 0.0);
        // Ties count ½: (1 vs 1) = ½, (1 vs 0) = 1 → 1.5 / 2.
        assertEquals(0.75, Ranking.auroc(new double[] {1, 1, 0}, new boolean[] {T, F, F}), 0.0);
        assertEquals(0.5, Ranking.auroc(new double[] {3, 3, 3, 3}, new boolean[] {T, F, T, F}), 0.0, "all tied");
        assertTrue(Double.isNaN(Ranking.auroc(new double[] {1, 2}, new boolean[] {T, T})), "no negatives");
    }

    @Test
    void aurocEqualsPairCountingOnRandomTiedData() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + rnd.nextInt(100);
            double[] s = new double[n];
            boolean[] p = new boolean[n];
            for (int i = 0; i < n; i++) {
                p[i] = rnd.nextDouble() < 0.3;
                s[i] = rnd.nextInt(8) + (p[i] ? 2 : 0);   // heavy ties
            }
            double pairs = 0;
            long pos = 0;
            long neg = 0;
            for (int i = 0; i < n; i++) {
                if (p[i]) pos++;
                else neg++;
                for (int j = 0; j < n; j++) {
                    if (p[i] && !p[j]) pairs += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
            assertEquals(pairs / (pos * neg), Ranking.auroc(s, p), 1e-12, "trial " + trial);
        }
    }

    @Test
    void precisionAtKBreaksTiesById() {
        double[] s = {0.9, 0.5, 0.5, 0.1};
        long[] ids = {4, 3, 2, 1};
        boolean[] p = {T, F, T, F};
        assertEquals(1.0, Ranking.precisionAtK(s, ids, p, 1), 0.0);
        assertEquals(1.0, Ranking.precisionAtK(s, ids, p, 2), 0.0, "the 0.5 tie goes to id 2 (positive)");
        assertEquals(2.0 / 3, Ranking.precisionAtK(s, ids, p, 3), 1e-15);
        assertEquals(0.5, Ranking.precisionAtK(s, ids, p, 4), 0.0);
        assertArrayEquals(new int[] {0, 2, 1}, Ranking.top(s, ids, 3));
        assertTrue(Double.isNaN(Ranking.precisionAtK(s, ids, p, 0)));
    }
}
