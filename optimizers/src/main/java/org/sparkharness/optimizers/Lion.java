package org.sparkharness.optimizers;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkharness.optimizers.config.LionConfig;

/**
 * Lion ("EvoLved Sign Momentum"), with the semantics of google/automl {@code lion_pytorch.py} and
 * lucidrains/lion-pytorch (docs/algorithms/optimizers.md §7):
 * <pre>
 * p ← p·(1 − lr·wd)                          decoupled decay, applied first
 * c = β1·m + (1 − β1)·g
 * p ← p − lr·sign(c)                         sign(0) = 0: such a coordinate moves only by weight decay
 * m ← β2·m + (1 − β2)·g
 * </pre>
 * Every coordinate moves by exactly lr (plus decay), so Lion wants a smaller lr and a larger wd than AdamW. Defaults
 * and valid ranges are those of {@link LionConfig} (weight decay 0, unlike optax's 1e-3). State: one slot
 * {@code m} (1×P, half of AdamW's). Pure: does not mutate its arguments. Computed in one pass per tensor
 * ({@link Elementwise}): in float for float tensors, in double otherwise.
 *
 * <p>Reference: X. Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023, arXiv:2302.06675.
 */
public final class Lion implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the momentum slot. */
    public static final String M = "m";
    private static final List<String> SLOTS = List.of(M);

    private final LionConfig config;

    /** An optimizer with the given (already validated) hyperparameters. Prefer {@link Optimizers#lion}. */
    public Lion(LionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hyperparameters. */
    public LionConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "lion";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return OptimizerState.initial(Map.of(M, params.zerosLike()));
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        long t = UpdateChecks.layout("Lion", params, grads, state);
        double lr = config.lr();
        double b1 = config.beta1();
        double b2 = config.beta2();
        double decay = 1 - lr * config.weightDecay();
        Elementwise.Kernel kernel = (p, g, s, len) -> {
            double[] m = s[0];
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double c = b1 * m[i] + (1 - b1) * gi;
                p[i] = p[i] * decay - lr * sign(c);
                m[i] = b2 * m[i] + (1 - b2) * gi;
            }
        };
        // the same in float, for float tensors (see Elementwise.FloatKernel)
        float b1f = (float) b1;
        float c1f = (float) (1 - b1);
        float b2f = (float) b2;
        float c2f = (float) (1 - b2);
        float decayF = (float) decay;
        float lrF = (float) lr;
        Elementwise.FloatKernel floatKernel = (p, g, s, len) -> {
            float[] m = s[0];
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float c = b1f * m[i] + c1f * gi;
                p[i] = p[i] * decayF - lrF * sign(c);
                m[i] = b2f * m[i] + c2f * gi;
            }
        };
        Elementwise.DeviceKernel deviceKernel = (p, g, s) -> {
            INDArray c = s[0].mul(b1).addi(g.mul(1 - b1));
            p.muli(decay).subi(Transforms.sign(c, false).muli(lr));
            s[0].muli(b2).addi(g.mul(1 - b2));
        };
        return Elementwise.update("Lion", t, params, grads, state, SLOTS, kernel, floatKernel, deviceKernel);
    }

    /**
     * −1, 0 or 1 for finite c, without a branch so that the loop vectorizes: {@code c/|c|} is exactly ±1 for any
     * non-zero c, and MIN_VALUE, the smallest positive double, only ever replaces |c| = 0. NaN for NaN and ±Inf (c
     * mixes finite momentum and gradient, so neither occurs; the result check would report it).
     */
    static double sign(double c) {
        return c / Math.max(Math.abs(c), Double.MIN_VALUE);
    }

    /** {@link #sign(double)} in float. */
    static float sign(float c) {
        return c / Math.max(Math.abs(c), Float.MIN_VALUE);
    }

    @Override
    public String toString() {
        return "Lion" + config;
    }
}
