package org.sparkharness.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkharness.optimizers.config.AdamAtan2Config;

/**
 * Adam-atan2: Adam without epsilon, m̂/√v̂ replaced by atan2(m̂, √v̂), which is bounded, defined at 0/0 and invariant
 * to the scale of the gradient (docs/algorithms/optimizers.md §6):
 * <pre>
 * m ← m + (1 − β1)·(g − m) ;  v ← v + (1 − β2)·(g² − v)
 * bc1 = 1 − β1^t ;  bc2 = 1 − β2^t                            t is 1-based
 * p ← p·(1 − lr·wd)                                            decoupled decay
 * p ← p − lr·a·atan2(m/bc1, b·√(v/bc2))                       {@link Semantics#LUCIDRAINS}
 * p ← p − (lr/bc1)·atan2(m, √v/√bc2)                           {@link Semantics#IMONEOI} (a and b unused)
 * </pre>
 * atan2 is nonlinear, so the two are different rules; for |m̂| ≪ √v̂ imoneoi behaves like Adam and lucidrains like
 * a·Adam. atan2(0, 0) = 0: a coordinate whose gradients were all zero moves only by weight decay. Defaults and valid
 * ranges are those of {@link AdamAtan2Config} (lucidrains'). State: slots {@code m} and {@code v} (2×P). Pure: does
 * not mutate its arguments. Computed in one pass per tensor ({@link Elementwise}), in float for float tensors and in
 * double otherwise, with an atan2 that vectorizes ({@link #atan2(double[], double[], double[], int)}).
 *
 * <p>References: K. Everett et al., "Scaling Exponents Across Parameterizations and Optimizers", ICML 2024,
 * arXiv:2407.05872; lucidrains/adam-atan2-pytorch (constants a and b); imoneoi/adam-atan2.
 */
public final class AdamAtan2 implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the first-moment slot. */
    public static final String M = "m";
    /** Name of the second-moment slot. */
    public static final String V = "v";
    private static final List<String> SLOTS = List.of(M, V);

    /** Which published rule. */
    public enum Semantics {
        /** lucidrains/adam-atan2-pytorch: constants a and b, bias corrections inside atan2. The default. */
        LUCIDRAINS,
        /** imoneoi/adam-atan2 (pip {@code adam-atan2}): first bias correction outside atan2, no a and b. */
        IMONEOI
    }

    private final AdamAtan2Config config;
    private final Semantics semantics;

    /** An optimizer with lucidrains semantics. Prefer {@link Optimizers#adamAtan2(AdamAtan2Config)}. */
    public AdamAtan2(AdamAtan2Config config) {
        this(config, Semantics.LUCIDRAINS);
    }

    /** An optimizer with the given semantics. */
    public AdamAtan2(AdamAtan2Config config, Semantics semantics) {
        this.config = Objects.requireNonNull(config, "config");
        this.semantics = Objects.requireNonNull(semantics, "semantics");
    }

    /** The hyperparameters. */
    public AdamAtan2Config config() {
        return config;
    }

    /** Which published rule. */
    public Semantics semantics() {
        return semantics;
    }

    @Override
    public String name() {
        return "adam-atan2";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        Map<String, ParamTable> s = new LinkedHashMap<>();
        s.put(M, params.zerosLike());
        s.put(V, params.zerosLike());
        return OptimizerState.initial(s);
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        long t = UpdateChecks.layout("Adam-atan2", params, grads, state);
        double lr = config.lr();
        double b1 = config.beta1();
        double b2 = config.beta2();
        double decay = 1 - lr * config.weightDecay();
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        // Both rules as p·decay − stepSize·atan2(m·yScale, √v·xScale), constants folded once per step.
        boolean lucidrains = semantics == Semantics.LUCIDRAINS;
        double stepSize = lucidrains ? lr * config.a() : lr / bc1;
        double yScale = lucidrains ? 1 / bc1 : 1;
        double xScale = lucidrains ? config.b() / Math.sqrt(bc2) : 1 / Math.sqrt(bc2);
        double[] y = new double[Elementwise.CHUNK];
        double[] x = new double[Elementwise.CHUNK];
        double[] angle = new double[Elementwise.CHUNK];
        Elementwise.Kernel kernel = (p, g, s, len) -> {
            double[] m = s[0];
            double[] v = s[1];
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double mi = m[i] + (1 - b1) * (gi - m[i]);
                double vi = v[i] + (1 - b2) * (gi * gi - v[i]);
                m[i] = mi;
                v[i] = vi;
                y[i] = mi * yScale;
                x[i] = Math.sqrt(vi) * xScale;
            }
            atan2(y, x, angle, len);
            for (int i = 0; i < len; i++) {
                p[i] = p[i] * decay - stepSize * angle[i];
            }
        };
        // the same in float, for float tensors (see Elementwise.FloatKernel)
        float c1f = (float) (1 - b1);
        float c2f = (float) (1 - b2);
        float decayF = (float) decay;
        float stepSizeF = (float) stepSize;
        float yScaleF = (float) yScale;
        float xScaleF = (float) xScale;
        float[] yf = new float[Elementwise.CHUNK];
        float[] xf = new float[Elementwise.CHUNK];
        float[] anglef = new float[Elementwise.CHUNK];
        Elementwise.FloatKernel floatKernel = (p, g, s, len) -> {
            float[] m = s[0];
            float[] v = s[1];
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = m[i] + c1f * (gi - m[i]);
                float vi = v[i] + c2f * (gi * gi - v[i]);
                m[i] = mi;
                v[i] = vi;
                yf[i] = mi * yScaleF;
                xf[i] = (float) Math.sqrt(vi) * xScaleF;
            }
            atan2(yf, xf, anglef, len);
            for (int i = 0; i < len; i++) {
                p[i] = p[i] * decayF - stepSizeF * anglef[i];
            }
        };
        Elementwise.DeviceKernel deviceKernel = (p, g, s) -> {
            INDArray m = s[0].addi(g.sub(s[0]).muli(1 - b1));
            INDArray v = s[1].addi(g.mul(g).subi(s[1]).muli(1 - b2));
            INDArray theta = Nd4jMath.atan2(m.mul(yScale), Transforms.sqrt(v, true).muli(xScale));
            p.muli(decay).subi(theta.muli(stepSize));
        };
        return Elementwise.update("Adam-atan2", t, params, grads, state, SLOTS, kernel, floatKernel, deviceKernel);
    }

    // Taylor coefficients (−1)^k/(2k+1) of atan, k = 0..10.
    private static final double A1 = -1.0 / 3;
    private static final double A2 = 1.0 / 5;
    private static final double A3 = -1.0 / 7;
    private static final double A4 = 1.0 / 9;
    private static final double A5 = -1.0 / 11;
    private static final double A6 = 1.0 / 13;
    private static final double A7 = -1.0 / 15;
    private static final double A8 = 1.0 / 17;
    private static final double A9 = -1.0 / 19;
    private static final double A10 = 1.0 / 21;

    /**
     * {@code out[i] = Math.atan2(y[i], x[i])} for {@code x[i] >= 0} (the only case Adam-atan2 needs, x = √v̂), to
     * within 8 ulps (relative 1e-15), for i in [0, len). NaN in, NaN out. {@code Math.atan2} costs ≈ 20 ns per call;
     * this is ≈ 1.7 ns per element because every step is a short loop of plain arithmetic, which the JIT unrolls and
     * vectorizes (one loop with all the steps is too long to be unrolled, and so runs at ≈ 15 ns per element).
     *
     * <p>How: scale both arguments by 1/max(|y|, x) (atan2 is scale invariant; this keeps the squares finite), then
     * halve the angle three times with atan2(y, x) = 2·atan(y/(r + x)), r = √(x² + y²), and atan(u) =
     * 2·atan(u/(1 + √(1 + u²))), which leaves |u| ≤ tan(π/16) ≈ 0.199, where 11 Taylor terms are exact to
     * 2e-17. atan2(0, 0) = 0: the scale's divisor is floored at MIN_NORMAL (subnormal arguments are then scaled by
     * 2^1022, exactly), the first denominator at MIN_VALUE, which only ever replaces a zero (then y = 0 too).
     */
    static void atan2(double[] y, double[] x, double[] out, int len) {
        for (int i = 0; i < len; i++) {
            double inv = 1 / Math.max(Math.max(Math.abs(y[i]), x[i]), Double.MIN_NORMAL);
            double ys = y[i] * inv;
            double xs = x[i] * inv;
            out[i] = ys / Math.max(Math.sqrt(xs * xs + ys * ys) + xs, Double.MIN_VALUE);
        }
        for (int i = 0; i < len; i++) {
            double u = out[i];
            out[i] = u / (1 + Math.sqrt(1 + u * u));
        }
        for (int i = 0; i < len; i++) {
            double u = out[i];
            out[i] = u / (1 + Math.sqrt(1 + u * u));
        }
        for (int i = 0; i < len; i++) {
            double u = out[i];
            double z = u * u;
            out[i] = 8 * u * (1 + z * (A1 + z * (A2 + z * (A3 + z * (A4 + z * (A5 + z * (A6 + z * (A7 + z * (A8
                    + z * (A9 + z * A10))))))))));
        }
    }

    // The same series to k = 5 is exact to 1e-8 for |u| <= 0.199: enough for float.
    private static final float F1 = -1f / 3;
    private static final float F2 = 1f / 5;
    private static final float F3 = -1f / 7;
    private static final float F4 = 1f / 9;
    private static final float F5 = -1f / 11;

    /** {@link #atan2(double[], double[], double[], int)} in float: within 8 float ulps of {@code Math.atan2}. */
    static void atan2(float[] y, float[] x, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            float inv = 1 / Math.max(Math.max(Math.abs(y[i]), x[i]), Float.MIN_NORMAL);
            float ys = y[i] * inv;
            float xs = x[i] * inv;
            out[i] = ys / Math.max((float) Math.sqrt(xs * xs + ys * ys) + xs, Float.MIN_VALUE);
        }
        for (int i = 0; i < len; i++) {
            float u = out[i];
            out[i] = u / (1 + (float) Math.sqrt(1 + u * u));
        }
        for (int i = 0; i < len; i++) {
            float u = out[i];
            out[i] = u / (1 + (float) Math.sqrt(1 + u * u));
        }
        for (int i = 0; i < len; i++) {
            float u = out[i];
            float z = u * u;
            out[i] = 8 * u * (1 + z * (F1 + z * (F2 + z * (F3 + z * (F4 + z * F5)))));
        }
    }

    /** {@link #atan2(double[], double[], double[], int)} of one pair. */
    static double atan2(double y, double x) {
        double[] out = new double[1];
        atan2(new double[] {y}, new double[] {x}, out, 1);
        return out[0];
    }

    @Override
    public String toString() {
        return "AdamAtan2" + config + "[" + semantics + "]";
    }
}
