package org.sparkharness.executors.client.fedcac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/**
 * Steps 2–3 of docs/algorithms/federated.md §4.1: sensitivity and the top-τ critical mask with Fling's zero-threshold
 * rule.
 */
class FedCacMaskTest {

    static ParamTable sens(double... c) {
        return ParamTable.builder().put("w", Nd4j.create(c, new long[] {c.length}, 'c')).build();
    }

    static String bits(CriticalMask m) {
        StringBuilder sb = new StringBuilder();
        BitSet b = m.bits("w");
        for (int k = 0; k < m.size("w"); k++) {
            sb.append(b.get(k) ? '1' : '0');
        }
        return sb.toString();
    }

    @Test
    void sensitivityIsUpdateTimesValue() {
        ParamTable start = ParamTable.builder()
                .put("W", Nd4j.create(new float[] {1, 2, 3, 0}, new long[] {2, 2}, 'c')).build();
        ParamTable trained = ParamTable.builder()
                .put("W", Nd4j.create(new float[] {2, 2, 1, -5}, new long[] {2, 2}, 'c')).build();
        ParamTable c = FedCac.sensitivity(start, trained);
        // |(2-1)·2|, |0·2|, |(1-3)·1|, |(-5-0)·(-5)|
        assertArrayEquals(new double[] {2, 0, 2, 25}, c.get("W").dup('c').data().asDouble());
        assertArrayEquals(new long[] {2, 2}, c.get("W").shape());
        assertEquals(DataType.DOUBLE, c.get("W").dataType());
        assertThrows(IllegalArgumentException.class, () -> FedCac.sensitivity(start,
                ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 4)).build()));
    }

    @Test
    void topTauWithDistinctValuesSelectsExactlyNz() {
        CriticalMask m = FedCac.mask(sens(0.5, 3, 1, 4, 2), 0.4); // nz = 2: 4 and 3
        assertEquals("01010", bits(m));
    }

    @Test
    void maskSizeIsAtLeastIntTauNWhenTheCutIsAboveZero() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            double[] c = new double[n];
            for (int k = 0; k < n; k++) {
                // small integers make ties frequent; values stay far above 1e-10
                c[k] = 1 + r.nextInt(5);
            }
            double tau = r.nextDouble();
            int nz = (int) (tau * n);
            CriticalMask m = FedCac.mask(sens(c), tau);
            int count = m.criticalCount("w");
            assertTrue(count >= nz, "n=" + n + " tau=" + tau + ": " + count + " < " + nz);
            // and exactly the entries >= the nz-th largest value
            if (nz > 0) {
                double[] sorted = c.clone();
                java.util.Arrays.sort(sorted);
                double thresh = sorted[n - nz];
                for (int k = 0; k < n; k++) {
                    assertEquals(c[k] >= thresh, m.isCritical("w", k));
                }
            }
        }
    }

    @Test
    void tiesAtTheCutMakeTheMaskLarger() {
        CriticalMask m = FedCac.mask(sens(5, 3, 3, 3, 1), 0.4); // nz = 2, 2nd largest = 3, three entries equal it
        assertEquals("11110", bits(m));
    }

    @Test
    void zeroCutFallsBackToSmallestValueAboveTinyAndCanShrinkTheMask() {
        // nz = 5 but the 5th largest is 0: the threshold becomes the smallest c > 1e-20, i.e. 2e-15; 1e-30 stays out.
        CriticalMask m = FedCac.mask(sens(0, 0, 0, 0, 0, 0, 0, 2e-15, 4, 1e-30), 0.5);
        assertEquals("0000000110", bits(m));
        // A cut of exactly 1e-10 counts as zero too: threshold -> 5e-11, so it and everything above is critical.
        assertEquals("11100", bits(FedCac.mask(sens(1, 1e-10, 5e-11, 0, 0), 0.4)));
        // Just above 1e-10 the top-k cut stands.
        assertEquals("11000", bits(FedCac.mask(sens(1, 2e-10, 5e-11, 0, 0), 0.4)));
    }

    @Test
    void allZeroSensitivityMarksNothingCritical() {
        assertEquals("0000", bits(FedCac.mask(sens(0, 0, 1e-25, 0), 1.0)));
    }

    @Test
    void tauZeroIsEmptyAndTauOneIsFullWhenAllAboveZero() {
        assertEquals("00000", bits(FedCac.mask(sens(5, 3, 3, 3, 1), 0.0)));
        assertEquals("00000", bits(FedCac.mask(sens(5, 3, 3, 3, 1), 0.19))); // int(0.95) = 0
        assertEquals("11111", bits(FedCac.mask(sens(5, 3, 3, 3, 1e-9), 1.0)));
        // τ = 1 with a zero sensitivity: the zero-threshold rule sends it to the global part.
        assertEquals("11011", bits(FedCac.mask(sens(5, 3, 0, 3, 1e-9), 1.0)));
    }

    @Test
    void masksEveryTensorSeparately() {
        ParamTable s = ParamTable.builder()
                .put("a", Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {2, 2}, 'c'))
                .put("b", Nd4j.create(new double[] {100, 200}, new long[] {2}, 'c')).build();
        CriticalMask m = FedCac.mask(s, 0.5);
        assertEquals(2, m.criticalCount("a")); // 3 and 4, not dominated by b's larger values
        assertEquals(1, m.criticalCount("b"));
        assertTrue(m.isCritical("a", 3) && m.isCritical("a", 2) && m.isCritical("b", 1));
    }

    @Test
    void validatesTauAndNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FedCac.mask(sens(1, 2), 1.5));
        assertTrue(e.getMessage().contains("tau"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedCac.mask(sens(1, 2), -0.1));
        assertThrows(IllegalArgumentException.class, () -> FedCac.mask(sens(1, 2), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FedCac.mask(sens(1, Double.NaN), 0.5));
    }
}
