package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;

/**
 * Adam-atan2: its atan2, closed-form steps, edge cases and a plain-Java reference (docs/algorithms/optimizers.md §6,
 * §12 O2, O3, O7).
 */
class AdamAtan2Test {
    static final double LR = 0.01;

    /** The ND4J trap (§6.3): the helper has Math.atan2's argument order. */
    @Test
    void nd4jAtan2HelperTakesYThenX() {
        INDArray y = Nd4j.createFromArray(1.0, 0.0, -2.0, 3.0);
        INDArray x = Nd4j.createFromArray(-1.0, 0.0, -0.5, 0.0);
        double[] got = Nd4jMath.atan2(y, x).toDoubleVector();
        assertEquals(3 * Math.PI / 4, got[0], 1e-15, "atan2(y = 1, x = −1)");
        assertEquals(0.0, got[1], "atan2(0, 0)");
        assertEquals(Math.atan2(-2, -0.5), got[2], 1e-15);
        assertEquals(Math.PI / 2, got[3], 1e-15);
        assertArrayEquals(new double[] {1, 0, -2, 3}, y.toDoubleVector(), "arguments untouched");
    }

    /** The vectorizable atan2 equals Math.atan2 to 8 ulps for x ≥ 0, over 40 orders of magnitude and the edges. */
    @Test
    void kernelAtan2MatchesMathAtan2ForNonNegativeX() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            double y = r.nextGaussian() * Math.pow(10, r.nextInt(41) - 20);
            double x = Math.abs(r.nextGaussian()) * Math.pow(10, r.nextInt(41) - 20);
            assertAtan2(y, x);
        }
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1.0, 1e300, Double.MAX_VALUE};
        for (double y : edges) {
            for (double x : edges) {
                if (x >= 0 && !(x == 0 && 1 / x < 0)) {
                    assertAtan2(y, x);
                    assertAtan2(-y, x);
                }
            }
        }
        assertEquals(0.0, AdamAtan2.atan2(0, 0));
        assertEquals(Math.PI / 2, AdamAtan2.atan2(5, 0), 4e-16);
        assertEquals(Double.NaN, AdamAtan2.atan2(Double.NaN, 1));
        assertEquals(Double.NaN, AdamAtan2.atan2(1, Double.NaN));
        // and it agrees with the ND4J helper
        INDArray y = Nd4j.createFromArray(0.3, -2.0, 1e-8);
        INDArray x = Nd4j.createFromArray(0.1, 4.0, 0.0);
        double[] nd4j = Nd4jMath.atan2(y, x).toDoubleVector();
        for (int i = 0; i < 3; i++) {
            assertEquals(nd4j[i], AdamAtan2.atan2(y.getDouble(i), x.getDouble(i)), 1e-15);
        }
    }

    /** The float version, for float tensors: within 8 float ulps of Math.atan2, atan2(0, 0) = 0. */
    @Test
    void floatKernelAtan2MatchesMathAtan2ForNonNegativeX() {
        Random r = new Random(2);
        int n = 100_000;
        float[] y = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(61) - 30));
            x[i] = (float) (Math.abs(r.nextGaussian()) * Math.pow(10, r.nextInt(61) - 30));
        }
        y[0] = 0;
        x[0] = 0;
        y[1] = -3e38f;
        x[1] = 1e-40f;
        y[2] = Float.MIN_VALUE;
        x[2] = Float.MIN_VALUE;
        float[] out = new float[n];
        AdamAtan2.atan2(y, x, out, n);
        assertEquals(0f, out[0]);
        for (int i = 0; i < n; i++) {
            float want = (float) Math.atan2(y[i], x[i]);
            assertTrue(Math.abs(out[i] - want) <= 8 * Math.ulp(want), "atan2(" + y[i] + ", " + x[i] + ") = " + out[i]
                    + ", Math.atan2 " + want);
        }
    }

    private static void assertAtan2(double y, double x) {
        double want = Math.atan2(y, x);
        double got = AdamAtan2.atan2(y, x);
        // 6 ulps is the worst seen over 2·10⁶ such pairs (relative 1e-15)
        assertTrue(Math.abs(got - want) <= 8 * Math.ulp(want),
                "atan2(" + y + ", " + x + ") = " + got + ", Math.atan2 " + want);
    }

    /** Step 1 from zero state: m̂ = g and √v̂ = |g|, so lucidrains moves lr·a·atan(1/b)·sign(g) (≈ lr for the defaults). */
    @Test
    void lucidrainsFirstStepIsLrTimesATimesAtanOfOneOverB() {
        double wd = 0.5;
        double a = 1.27;
        double b = 2.0;
        ParamTable p = TestTables.normal(1, DataType.DOUBLE);
        ParamTable g = TestTables.normal(2, DataType.DOUBLE);
        Optimizer opt = Optimizers.adamAtan2(AdamAtan2Config.defaults().withLr(LR).withWeightDecay(wd).withA(a)
                .withB(b));

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] gi = TestTables.values(g, n);
            for (int i = 0; i < p0.length; i++) {
                double expected = p0[i] * (1 - LR * wd) - LR * a * Math.atan(1 / b) * Math.signum(gi[i]);
                assertEquals(expected, TestTables.values(p1, n)[i], 1e-15, n + "[" + i + "]");
            }
        }
    }

    /** atan2(0, 0) = 0: zero gradients on zero state move a coordinate only by weight decay (O7). */
    @ParameterizedTest
    @EnumSource(AdamAtan2.Semantics.class)
    void zeroGradientMovesOnlyByWeightDecay(AdamAtan2.Semantics semantics) {
        double wd = 0.1;
        ParamTable p = TestTables.normal(3, DataType.FLOAT);
        Optimizer opt = Optimizers.adamAtan2(AdamAtan2Config.defaults().withLr(LR).withWeightDecay(wd), semantics);

        ParamTable p1 = opt.update(p, p.zerosLike(), opt.init(p)).params();

        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] after = TestTables.values(p1, n);
            for (int i = 0; i < p0.length; i++) {
                assertEquals(p0[i] * (1 - LR * wd), after[i], 1e-7, n + "[" + i + "]");
            }
        }
    }

    /** atan2(c·y, c·x) = atan2(y, x): scaling every gradient by a constant changes nothing (§6.3). */
    @ParameterizedTest
    @EnumSource(AdamAtan2.Semantics.class)
    void updatesAreInvariantToTheGradientScale(AdamAtan2.Semantics semantics) {
        Optimizer opt = Optimizers.adamAtan2(AdamAtan2Config.defaults().withLr(LR), semantics);
        ParamTable p = TestTables.normal(4, DataType.DOUBLE);
        ParamTable pa = p;
        ParamTable pb = p;
        OptimizerState sa = opt.init(p);
        OptimizerState sb = opt.init(p);
        for (int t = 1; t <= 3; t++) {
            ParamTable g = TestTables.normal(10 + t, DataType.DOUBLE);
            Optimizer.Step a = opt.update(pa, g, sa);
            Optimizer.Step b = opt.update(pb, g.map(x -> x.mul(1e6)), sb);
            pa = a.params();
            sa = a.state();
            pb = b.params();
            sb = b.state();
        }
        assertTrue(pa.equalsApprox(pb, 1e-12), "scaled gradients gave other parameters");
    }

    /** Where |m̂| ≪ √v̂, atan2(m̂, √v̂) ≈ m̂/√v̂: lucidrains moves a ≈ 1.27 times as far as Adam with eps 0 (O3). */
    @Test
    void lucidrainsIsATimesAdamWhereTheMomentIsSmall() {
        double b1 = 0.9;
        double b2 = 0.99;
        ParamTable p = TestTables.normal(5, DataType.DOUBLE);
        ParamTable g = TestTables.normal(6, DataType.DOUBLE);
        Optimizer atan2 = Optimizers.adamAtan2(new AdamAtan2Config(LR, b1, b2, 0.0, 1.27, 1.0));
        Optimizer adam = Optimizers.adamw(new AdamWConfig(LR, b1, b2, 0.0, 0.0));
        // second step with the opposite gradient: m nearly cancels while v does not
        Optimizer.Step a1 = atan2.update(p, g, atan2.init(p));
        Optimizer.Step d1 = adam.update(p, g, adam.init(p));
        ParamTable back = g.map(x -> x.mul(-0.9));
        ParamTable a2 = atan2.update(p, back, a1.state()).params();
        ParamTable d2 = adam.update(p, back, d1.state()).params();
        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] ua = TestTables.values(a2, n);
            double[] ud = TestTables.values(d2, n);
            for (int i = 0; i < p0.length; i++) {
                double adamStep = ud[i] - p0[i];
                // |m̂/√v̂| ≈ 0.02 here, so atan differs from its argument by about (0.02)²/3 relative
                assertEquals(1.27 * adamStep, ua[i] - p0[i], 1e-3 * Math.abs(adamStep), n + "[" + i + "]");
            }
        }
    }

    /** Three steps against a plain-Java double reference with Math.atan2, parameters and both moments. */
    @ParameterizedTest
    @EnumSource(AdamAtan2.Semantics.class)
    void matchesPlainJavaReferenceOverThreeSteps(AdamAtan2.Semantics semantics) {
        double b1 = 0.8;
        double b2 = 0.95;
        double wd = 0.1;
        double a = 1.1;
        double b = 1.5;
        boolean lucidrains = semantics == AdamAtan2.Semantics.LUCIDRAINS;
        Optimizer opt = Optimizers.adamAtan2(new AdamAtan2Config(LR, b1, b2, wd, lucidrains ? a : null,
                lucidrains ? b : null), semantics);
        ParamTable p = TestTables.normal(7, DataType.DOUBLE);
        OptimizerState s = opt.init(p);
        double[] rp = TestTables.values(p, "W");
        double[] rm = new double[rp.length];
        double[] rv = new double[rp.length];

        for (int t = 1; t <= 3; t++) {
            ParamTable g = TestTables.with(TestTables.normal(100 + t, DataType.DOUBLE), "W", 0, t == 1 ? 0.0 : -0.7);
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();

            double[] rg = TestTables.values(g, "W");
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < rp.length; i++) {
                rm[i] = rm[i] + (1 - b1) * (rg[i] - rm[i]);
                rv[i] = rv[i] + (1 - b2) * (rg[i] * rg[i] - rv[i]);
                rp[i] *= 1 - LR * wd;
                rp[i] -= lucidrains
                        ? LR * a * Math.atan2(rm[i] / bc1, Math.sqrt(rv[i] * b * b / bc2))
                        : LR / bc1 * Math.atan2(rm[i], Math.sqrt(rv[i]) / Math.sqrt(bc2));
            }
            assertArrayEquals(rp, TestTables.values(p, "W"), 1e-15, "params at step " + t);
            assertArrayEquals(rm, TestTables.values(s.slot(AdamAtan2.M), "W"), 1e-15, "m at step " + t);
            assertArrayEquals(rv, TestTables.values(s.slot(AdamAtan2.V), "W"), 1e-15, "v at step " + t);
        }
    }
}
