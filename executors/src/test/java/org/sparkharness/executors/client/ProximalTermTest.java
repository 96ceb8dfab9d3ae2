package org.sparkharness.executors.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedProx's term on a hand-computed example: w = (1, 2, 3), w_t = (0, 0, 1), so d = w − w_t = (1, 2, 2),
 * ‖d‖ = 3, ‖d‖² = 9; with μ = 0.5 the value is 0.25 · 9 = 2.25 and the gradient μ·d = (0.5, 1, 1).
 */
class ProximalTermTest {
    private static final double MU = 0.5;

    private static ParamTable split(double[] a, double[] b) {
        return ParamTable.builder().put("a", Nd4j.createFromArray(a)).put("b", Nd4j.createFromArray(b)).build();
    }

    @Test
    void valueInEveryFormIsHalfMuTimesTheSquaredDistance() {
        ParamTable w = split(new double[] {1, 2}, new double[] {3});
        ParamTable anchor = split(new double[] {0, 0}, new double[] {1});
        ParamTable d = ProximalTerm.difference(w, anchor);
        assertArrayEquals(new double[] {1, 2, 2}, d.flatten().toDoubleVector());
        assertEquals(9.0, ProximalTerm.squaredNorm(d), 1e-12);
        assertEquals(2.25, ProximalTerm.value(MU, ProximalTerm.squaredNorm(d)), 1e-12);
        assertEquals(2.25, ProximalTerm.valueFromNorm(MU, 3.0), 0);
        assertEquals(9.0, ProximalTerm.squaredDistance(new float[] {1, 2, 3}, new float[] {0, 0, 1}), 0);
        assertEquals(0.0, ProximalTerm.value(0, 9.0), 0);
        assertEquals(0.0, ProximalTerm.valueFromNorm(0, 3.0), 0);
    }

    @Test
    void gradientAddsMuTimesTheDifference() {
        INDArray g = Nd4j.createFromArray(1.0, 1.0, 1.0);
        INDArray d = Nd4j.createFromArray(1.0, 2.0, 2.0);
        assertSame(g, ProximalTerm.addGradient(g, d, MU));
        assertArrayEquals(new double[] {1.5, 2, 2}, g.toDoubleVector(), 0);
        assertArrayEquals(new double[] {0.5, 1, 1}, d.toDoubleVector(), 0, "d is the caller's scratch, scaled in place");
        assertArrayEquals(new double[] {0.5, 1, 1},
                ProximalTerm.gradientInPlace(Nd4j.createFromArray(1.0, 2.0, 2.0), MU).toDoubleVector(), 0);
        assertEquals(1.0, ProximalTerm.gradient(MU, 3f, 1f), 0);
        assertEquals(-0.5, ProximalTerm.gradient(MU, 0f, 1f), 0);
    }

    @Test
    void muZeroLeavesTheGradientUnchangedBitForBit() {
        double[] before = {0.1, -2.5e-8, 3.0e7};
        INDArray g = Nd4j.createFromArray(before.clone());
        ProximalTerm.addGradient(g, Nd4j.createFromArray(1.0, -2.0, 2.0), 0);
        assertArrayEquals(before, g.toDoubleVector(), 0);
        for (double gi : before) assertEquals(gi, gi + ProximalTerm.gradient(0, 7f, -3f), 0);
    }

    @Test
    void muMustBeFiniteAndNonNegative() {
        assertEquals(0.0, ProximalTerm.requireValidMu(0), 0);
        assertEquals(0.01, ProximalTerm.requireValidMu(0.01), 0);
        for (double bad : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> ProximalTerm.requireValidMu(bad));
        }
    }
}
