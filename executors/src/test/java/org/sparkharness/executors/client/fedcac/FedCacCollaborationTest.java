package org.sparkharness.executors.client.fedcac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkharness.executors.client.fedcac.CriticalMaskTest.mask;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/** Steps 5–8 of docs/algorithms/federated.md §4.1 on hand-made masks and tables. */
class FedCacCollaborationTest {
    private static final double[][] O3 = {
        {1, 0.2, 0.5},
        {0.8, 1, 0.4},
        {0.6, 0.5, 1},
    };

    @Test
    void overlapOfEqualSizedMasksIsTheSharedFraction() {
        double[][] o = FedCac.overlap(List.of(mask("1100"), mask("1010")));
        assertEquals(1 - 2.0 / 4, o[0][1]); // Σ|M1 − M2| = 2, 2·ΣM1 = 4
        assertEquals(0.5, o[1][0]);
        assertEquals(1.0, o[0][0]);
        assertEquals(1.0, o[1][1]);
    }

    @Test
    void overlapIsAsymmetricWhenMaskSizesDiffer() {
        // Split over two tensors to check that bits are pooled across tensors: M1 = 11|00 (2), M2 = 11|10 (3).
        double[][] o = FedCac.overlap(List.of(mask("11", "00"), mask("11", "10"), mask("00", "01")));
        assertEquals(1 - 1 / 4.0, o[0][1], 0);
        assertEquals(1 - 1 / 6.0, o[1][0], 0);
        // Disjoint masks of sizes 2 and 1: Σ|M1 − M3| = 3 → O_13 = 1 − 3/4, O_31 = 1 − 3/2 (negative).
        assertEquals(0.25, o[0][2], 0);
        assertEquals(-0.5, o[2][0], 0);
        assertEquals(1 - 4 / 6.0, o[1][2], 0);
    }

    @Test
    void emptyMaskRowIsZeroNotNaN() {
        double[][] o = FedCac.overlap(List.of(mask("0000"), mask("1010")));
        assertEquals(0.0, o[0][1]);
        assertEquals(1 - 2 / 4.0, o[1][0]);
        assertEquals(1.0, o[0][0]);
    }

    @Test
    void overlapRejectsMismatchedLayouts() {
        assertThrows(IllegalArgumentException.class, () -> FedCac.overlap(List.of(mask("1100"), mask("110"))));
        assertThrows(IllegalArgumentException.class, () -> FedCac.overlap(List.of(mask("11", "00"), mask("1100"))));
        assertThrows(IllegalArgumentException.class, () -> FedCac.overlap(List.of()));
    }

    @Test
    void thresholdFollowsTheFormula() {
        // off-diagonal: 0.2 0.5 0.8 0.4 0.6 0.5 → avg 0.5, max 0.8
        assertEquals(0.5 + 0.1 * 0.3, FedCac.threshold(0, 10, O3), 1e-12);
        assertEquals(0.5 + 0.5 * 0.3, FedCac.threshold(4, 10, O3), 1e-12);
        assertEquals(0.8, FedCac.threshold(9, 10, O3)); // exactly max at t = β − 1
        assertEquals(0.5 + 2.0 * 0.3, FedCac.threshold(19, 10, O3), 1e-12);
        assertEquals(0.8, FedCac.threshold(0, 1, O3));
    }

    @Test
    void thresholdIsMonotoneAndExactlyMaxAtBetaMinusOne() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + r.nextInt(8);
            double[][] o = new double[k][k];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    o[i][j] = i == j ? 1 : (trial % 3 == 0 ? 0.3 : r.nextDouble() * 1.5 - 0.5);
                    if (i != j) {
                        max = Math.max(max, o[i][j]);
                    }
                }
            }
            int beta = 1 + r.nextInt(40);
            double prev = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < beta + 5; t++) {
                double thr = FedCac.threshold(t, beta, o);
                assertTrue(thr >= prev, "trial " + trial + " t=" + t + ": " + thr + " < " + prev);
                assertTrue(t >= beta - 1 || thr <= max);
                prev = thr;
            }
            assertEquals(max, FedCac.threshold(beta - 1, beta, o));
        }
    }

    @Test
    void fromRoundBetaMinusOneOnlyTiesAtMaxCollaborate() {
        int beta = 10;
        int[][] c = FedCac.collaborators(O3, FedCac.threshold(beta - 1, beta, O3));
        assertArrayEquals(new int[] {0}, c[0]);
        assertArrayEquals(new int[] {0, 1}, c[1]); // O_10 = 0.8 = max
        assertArrayEquals(new int[] {2}, c[2]);
        for (int t = beta; t < beta + 3; t++) {
            int[][] later = FedCac.collaborators(O3, FedCac.threshold(t, beta, O3));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new int[] {i}, later[i], "t=" + t);
            }
        }
    }

    @Test
    void earlyRoundsCollaborateAboveTheMeanOverlap() {
        int[][] c = FedCac.collaborators(O3, FedCac.threshold(0, 10, O3)); // thr = 0.53
        assertArrayEquals(new int[] {0}, c[0]);
        assertArrayEquals(new int[] {0, 1}, c[1]);
        assertArrayEquals(new int[] {0, 2}, c[2]);
        int[][] all = FedCac.collaborators(O3, 0.1);
        assertArrayEquals(new int[] {0, 1, 2}, all[1]);
        assertArrayEquals(new int[] {1}, FedCac.collaborators(O3, Double.NaN)[1]);
    }

    @Test
    void singleClientAndBadArguments() {
        assertEquals(Double.POSITIVE_INFINITY, FedCac.threshold(0, 5, new double[][] {{1}}));
        assertArrayEquals(new int[] {0}, FedCac.collaborators(new double[][] {{1}}, Double.POSITIVE_INFINITY)[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FedCac.threshold(0, 0, O3));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FedCac.threshold(-1, 3, O3));
        assertTrue(e.getMessage().contains("round"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedCac.threshold(0, 3, new double[][] {{1, 0}, {0}}));
    }

    static ParamTable model(float... w) {
        return ParamTable.builder()
                .put("t0", Nd4j.create(new float[] {w[0], w[1], w[2], w[3]}, new long[] {2, 2}, 'c'))
                .put("t1", Nd4j.create(new float[] {w[4], w[5]}, new long[] {2}, 'c')).build();
    }

    static float[] flat(ParamTable t) {
        float[] a = t.get("t0").dup('c').data().asFloat();
        float[] b = t.get("t1").dup('c').data().asFloat();
        float[] out = new float[6];
        System.arraycopy(a, 0, out, 0, 4);
        System.arraycopy(b, 0, out, 4, 2);
        return out;
    }

    @Test
    void customisedIsTheUnweightedMeanOfCollaborators() {
        List<ParamTable> models = List.of(model(1, 2, 3, 4, 5, 6), model(100, 100, 100, 100, 100, 100),
                model(3, 4, 5, 6, 7, 8));
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, flat(FedCac.customised(models, new int[] {0, 2})));
        assertArrayEquals(flat(models.get(1)), flat(FedCac.customised(models, new int[] {1})));
        assertThrows(IllegalArgumentException.class, () -> FedCac.customised(models, new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> FedCac.customised(models, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> FedCac.customised(models, new int[] {3}));
    }

    @Test
    void syncTakesCriticalEntriesFromCustomisedAndTheRestFromGlobal() {
        ParamTable customised = model(1, 2, 3, 4, 5, 6);
        ParamTable global = model(-1, -2, -3, -4, -5, -6);
        ParamTable s = FedCac.sync(mask("1001", "01"), customised, global);
        assertArrayEquals(new float[] {1, -2, -3, 4, -5, 6}, flat(s));
        assertArrayEquals(new long[] {2, 2}, s.get("t0").shape());
        assertEquals(DataType.FLOAT, s.get("t0").dataType());
        assertEquals(global, FedCac.sync(mask("0000", "00"), customised, global));
        assertSame(global.get("t1"), FedCac.sync(mask("1111", "00"), customised, global).get("t1"));
        assertEquals(customised, FedCac.sync(mask("1111", "11"), customised, global));
        assertThrows(IllegalArgumentException.class, () -> FedCac.sync(mask("111", "11"), customised, global));
        assertThrows(IllegalArgumentException.class, () -> FedCac.sync(mask("1111"), customised, global));
    }
}
