package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.AdamWConfig;

/**
 * Closed-form steps of AdamW and a plain-Java reference of both semantics (docs/algorithms/optimizers.md §4, §12 O2).
 */
class AdamWTest {
    static final double LR = 0.01;
    static final double EPS = 1e-3;  // large, so that eps placement is visible

    /** From zero state the bias-corrected moments are m̂ = g and v̂ = g², so the step is −lr·g/(|g| + eps). */
    @Test
    void firstStepFromZeroStateIsMinusLrGOverAbsGPlusEps() {
        ParamTable p = TestTables.normal(1, DataType.DOUBLE);
        ParamTable g = TestTables.with(TestTables.normal(2, DataType.DOUBLE), "W", 0, 0.0);
        Optimizer opt = Optimizers.adamw(AdamWConfig.defaults().withLr(LR).withEps(EPS).withWeightDecay(0.0));

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] gi = TestTables.values(g, n);
            double[] expected = new double[p0.length];
            for (int i = 0; i < p0.length; i++) {
                expected[i] = p0[i] - LR * gi[i] / (Math.abs(gi[i]) + EPS);
            }
            assertArrayEquals(expected, TestTables.values(p1, n), 1e-15, n);
        }
        assertEquals(TestTables.values(p, "W")[0], TestTables.values(p1, "W")[0], 0.0, "zero gradient, no decay");
    }

    /** Decoupled decay scales the parameter before the Adam step: p·(1 − lr·wd) − lr·g/(|g| + eps). */
    @Test
    void firstStepAppliesDecoupledDecayFirst() {
        double wd = 0.5;
        ParamTable p = TestTables.normal(3, DataType.DOUBLE);
        ParamTable g = TestTables.normal(4, DataType.DOUBLE);
        Optimizer opt = Optimizers.adamw(AdamWConfig.defaults().withLr(LR).withEps(EPS).withWeightDecay(wd));

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        double[] p0 = TestTables.values(p, "v");
        double[] gi = TestTables.values(g, "v");
        for (int i = 0; i < p0.length; i++) {
            double expected = p0[i] * (1 - LR * wd) - LR * gi[i] / (Math.abs(gi[i]) + EPS);
            assertEquals(expected, TestTables.values(p1, "v")[i], 1e-15);
        }
    }

    /** DL4J adds eps to √v, not √v̂: from zero state the step is −lr·g/(|g| + eps/√(1 − β2)). */
    @Test
    void dl4jFirstStepAddsEpsToTheUncorrectedRoot() {
        double b2 = 0.99;
        ParamTable p = TestTables.normal(5, DataType.DOUBLE);
        ParamTable g = TestTables.normal(6, DataType.DOUBLE);
        Optimizer opt = Optimizers.adamw(new AdamWConfig(LR, null, b2, EPS, 0.0), AdamW.Semantics.DL4J);

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        double[] p0 = TestTables.values(p, "b");
        double[] gi = TestTables.values(g, "b");
        for (int i = 0; i < p0.length; i++) {
            double expected = p0[i] - LR * gi[i] / (Math.abs(gi[i]) + EPS / Math.sqrt(1 - b2));
            assertEquals(expected, TestTables.values(p1, "b")[i], 1e-15);
        }
    }

    /** Three steps against a plain-Java double reference, parameters and both moments (as DL4J's UpdaterValidation). */
    @ParameterizedTest
    @EnumSource(AdamW.Semantics.class)
    void matchesPlainJavaReferenceOverThreeSteps(AdamW.Semantics semantics) {
        double b1 = 0.8;
        double b2 = 0.95;
        double wd = 0.1;
        Optimizer opt = Optimizers.adamw(new AdamWConfig(LR, b1, b2, EPS, wd), semantics);
        ParamTable p = TestTables.normal(7, DataType.DOUBLE);
        OptimizerState s = opt.init(p);
        double[] rp = TestTables.values(p, "W");
        double[] rm = new double[rp.length];
        double[] rv = new double[rp.length];

        for (int t = 1; t <= 3; t++) {
            ParamTable g = TestTables.normal(100 + t, DataType.DOUBLE);
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();

            double[] rg = TestTables.values(g, "W");
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < rp.length; i++) {
                rp[i] *= 1 - LR * wd;
                rm[i] = b1 * rm[i] + (1 - b1) * rg[i];
                rv[i] = b2 * rv[i] + (1 - b2) * rg[i] * rg[i];
                rp[i] -= semantics == AdamW.Semantics.TORCH
                        ? LR / bc1 * rm[i] / (Math.sqrt(rv[i]) / Math.sqrt(bc2) + EPS)
                        : LR * Math.sqrt(bc2) / bc1 * rm[i] / (Math.sqrt(rv[i]) + EPS);
            }
            assertArrayEquals(rp, TestTables.values(p, "W"), 1e-14, "params at step " + t);
            assertArrayEquals(rm, TestTables.values(s.slot(AdamW.M), "W"), 1e-14, "m at step " + t);
            assertArrayEquals(rv, TestTables.values(s.slot(AdamW.V), "W"), 1e-14, "v at step " + t);
            assertEquals(t, s.step());
        }
    }
}
