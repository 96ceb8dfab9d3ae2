package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.LionConfig;

/**
 * Closed-form steps of Lion, its edge cases and a plain-Java reference (docs/algorithms/optimizers.md §7, §12 O2, O7).
 */
class LionTest {
    static final double LR = 0.01;

    /** From zero momentum c = (1 − β1)·g, so the first step is p·(1 − lr·wd) − lr·sign(g). */
    @Test
    void firstStepIsDecayMinusLrTimesSignOfG() {
        double wd = 0.5;
        ParamTable p = TestTables.normal(1, DataType.DOUBLE);
        ParamTable g = TestTables.normal(2, DataType.DOUBLE);
        Optimizer opt = Optimizers.lion(LionConfig.defaults().withLr(LR).withWeightDecay(wd));

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] gi = TestTables.values(g, n);
            double[] expected = new double[p0.length];
            for (int i = 0; i < p0.length; i++) {
                expected[i] = p0[i] * (1 - LR * wd) - LR * Math.signum(gi[i]);
            }
            assertArrayEquals(expected, TestTables.values(p1, n), 1e-15, n);
        }
    }

    /** sign(0) = 0: a zero gradient on zero momentum moves the coordinate only by weight decay (O7). */
    @Test
    void zeroGradientMovesOnlyByWeightDecay() {
        double wd = 0.1;
        ParamTable p = TestTables.normal(3, DataType.FLOAT);
        ParamTable zero = p.zerosLike();
        Optimizer opt = Optimizers.lion(LionConfig.defaults().withLr(LR).withWeightDecay(wd));

        Optimizer.Step step = opt.update(p, TestTables.with(TestTables.normal(4, DataType.FLOAT), "W", 5, 0.0), opt.init(p));
        Optimizer.Step still = opt.update(p, zero, opt.init(p));

        assertEquals(TestTables.values(p, "W")[5] * (1 - LR * wd), TestTables.values(step.params(), "W")[5], 1e-7);
        assertEquals(0.0, TestTables.values(step.state().slot(Lion.M), "W")[5]);
        for (String n : p.names()) {
            double[] p0 = TestTables.values(p, n);
            double[] p1 = TestTables.values(still.params(), n);
            for (int i = 0; i < p0.length; i++) {
                assertEquals(p0[i] * (1 - LR * wd), p1[i], 1e-7, n + "[" + i + "]");
            }
        }
    }

    @Test
    void signIsBranchFreeButExact() {
        assertEquals(1.0, Lion.sign(3.5));
        assertEquals(-1.0, Lion.sign(-1e-300));
        assertEquals(1.0, Lion.sign(Double.MIN_VALUE));
        assertEquals(0.0, Lion.sign(0.0));
        assertEquals(1.0, Lion.sign(Double.MAX_VALUE));
        // c is a convex combination of finite momentum and gradient, so ±Inf cannot occur; if it did, NaN would
        // stop the step through the result check rather than pass silently
        assertEquals(Double.NaN, Lion.sign(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, Lion.sign(Double.NaN));
    }

    /** Three steps against a plain-Java double reference, parameters and momentum (as DL4J's UpdaterValidation). */
    @Test
    void matchesPlainJavaReferenceOverThreeSteps() {
        double b1 = 0.8;
        double b2 = 0.95;
        double wd = 0.1;
        Optimizer opt = Optimizers.lion(new LionConfig(LR, b1, b2, wd));
        ParamTable p = TestTables.normal(7, DataType.DOUBLE);
        OptimizerState s = opt.init(p);
        double[] rp = TestTables.values(p, "W");
        double[] rm = new double[rp.length];

        for (int t = 1; t <= 3; t++) {
            // a zero in the step-1 gradient exercises sign(0) = 0
            ParamTable g = TestTables.with(TestTables.normal(100 + t, DataType.DOUBLE), "W", 0, t == 1 ? 0.0 : 0.3);
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();

            double[] rg = TestTables.values(g, "W");
            for (int i = 0; i < rp.length; i++) {
                rp[i] *= 1 - LR * wd;
                rp[i] -= LR * Math.signum(b1 * rm[i] + (1 - b1) * rg[i]);
                rm[i] = b2 * rm[i] + (1 - b2) * rg[i];
            }
            assertArrayEquals(rp, TestTables.values(p, "W"), 1e-15, "params at step " + t);
            assertArrayEquals(rm, TestTables.values(s.slot(Lion.M), "W"), 1e-15, "m at step " + t);
            assertEquals(t, s.step());
        }
    }

    /** Half of AdamW's state (O5): one parameter-sized slot. */
    @Test
    void stateIsOneCopyOfTheParameters() {
        ParamTable p = TestTables.normal(8, DataType.FLOAT);
        Optimizer lion = Optimizers.lion(LionConfig.defaults());
        Optimizer adamw = Optimizers.adamw(org.sparkharness.optimizers.config.AdamWConfig.defaults());
        assertEquals(p.numParams() * Float.BYTES, lion.stateBytes(lion.init(p)));
        assertEquals(2 * lion.stateBytes(lion.init(p)), adamw.stateBytes(adamw.init(p)));
        OptimizerState after = lion.update(p, TestTables.normal(9, DataType.FLOAT), lion.init(p)).state();
        assertEquals(p.numParams() * Float.BYTES, lion.stateBytes(after));
    }
}
