package org.sparkharness.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkharness.optimizers.config.AdamWConfig;

/**
 * Adam with decoupled weight decay, with exactly the semantics of {@code torch.optim.AdamW}:
 * <pre>
 * p ← p·(1 − lr·wd)                                  decoupled decay, applied first
 * m ← β1·m + (1 − β1)·g ;  v ← β2·v + (1 − β2)·g²
 * bc1 = 1 − β1^t ;  bc2 = 1 − β2^t                   t is 1-based
 * p ← p − (lr/bc1) · m / (√v/√bc2 + eps)             {@link Semantics#TORCH}
 * p ← p − (lr·√bc2/bc1) · m / (√v + eps)             {@link Semantics#DL4J}: ND4J Adam + WeightDecay(applyLR)
 * </pre>
 * The two variants differ only in where eps enters (≈ 4e-8 after 5 steps on the golden data). Defaults and valid
 * ranges are those of {@link AdamWConfig}. State: slots {@code m} and {@code v} (2×P). Pure: does not mutate its
 * arguments. Computed in one pass per tensor ({@link Elementwise}): in float for float tensors, like torch's
 * float32 AdamW, and in double otherwise.
 *
 * <p>References: I. Loshchilov &amp; F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019,
 * arXiv:1711.05101; D. P. Kingma &amp; J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 * arXiv:1412.6980.
 */
public final class AdamW implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the first-moment slot. */
    public static final String M = "m";
    /** Name of the second-moment slot. */
    public static final String V = "v";
    private static final List<String> SLOTS = List.of(M, V);

    /** Where eps enters the denominator. */
    public enum Semantics {
        /** {@code torch.optim.AdamW}: eps added to √v̂ = √v/√bc2. The default. */
        TORCH,
        /** DL4J/ND4J {@code Adam} with {@code WeightDecay(applyLR = true)}: eps added to √v. */
        DL4J
    }

    private final AdamWConfig config;
    private final Semantics semantics;

    /** An optimizer with torch semantics. Prefer {@link Optimizers#adamw(AdamWConfig)}. */
    public AdamW(AdamWConfig config) {
        this(config, Semantics.TORCH);
    }

    /** An optimizer with the given semantics. */
    public AdamW(AdamWConfig config, Semantics semantics) {
        this.config = Objects.requireNonNull(config, "config");
        this.semantics = Objects.requireNonNull(semantics, "semantics");
    }

    /** The hyperparameters. */
    public AdamWConfig config() {
        return config;
    }

    /** Where eps enters the denominator. */
    public Semantics semantics() {
        return semantics;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return OptimizerState.initial(slots(params.zerosLike(), params.zerosLike()));
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        long t = UpdateChecks.layout("AdamW", params, grads, state);
        double lr = config.lr();
        double b1 = config.beta1();
        double b2 = config.beta2();
        double eps = config.eps();
        double decay = 1 - lr * config.weightDecay();
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        // Both variants as stepSize·m/(√v·rootScale + epsilon), with the constants folded once per step.
        double stepSize = semantics == Semantics.TORCH ? lr / bc1 : lr * Math.sqrt(bc2) / bc1;
        double rootScale = semantics == Semantics.TORCH ? 1 / Math.sqrt(bc2) : 1;
        Elementwise.Kernel kernel = (p, g, s, len) -> {
            double[] m = s[0];
            double[] v = s[1];
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double mi = b1 * m[i] + (1 - b1) * gi;
                double vi = b2 * v[i] + (1 - b2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] * decay - stepSize * mi / (Math.sqrt(vi) * rootScale + eps);
            }
        };
        // the same in float, for float tensors (see Elementwise.FloatKernel)
        float b1f = (float) b1;
        float c1f = (float) (1 - b1);
        float b2f = (float) b2;
        float c2f = (float) (1 - b2);
        float decayF = (float) decay;
        float stepSizeF = (float) stepSize;
        float rootScaleF = (float) rootScale;
        float epsF = (float) eps;
        Elementwise.FloatKernel floatKernel = (p, g, s, len) -> {
            float[] m = s[0];
            float[] v = s[1];
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = b1f * m[i] + c1f * gi;
                float vi = b2f * v[i] + c2f * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] * decayF - stepSizeF * mi / ((float) Math.sqrt(vi) * rootScaleF + epsF);
            }
        };
        Elementwise.DeviceKernel deviceKernel = (p, g, s) -> {
            INDArray m = s[0].muli(b1).addi(g.mul(1 - b1));
            INDArray v = s[1].muli(b2).addi(g.mul(g).muli(1 - b2));
            INDArray denominator = Transforms.sqrt(v, true).muli(rootScale).addi(eps);
            p.muli(decay).subi(m.div(denominator).muli(stepSize));
        };
        return Elementwise.update("AdamW", t, params, grads, state, SLOTS, kernel, floatKernel, deviceKernel);
    }

    private static Map<String, ParamTable> slots(ParamTable m, ParamTable v) {
        Map<String, ParamTable> s = new LinkedHashMap<>();
        s.put(M, m);
        s.put(V, v);
        return s;
    }

    @Override
    public String toString() {
        return "AdamW" + config + "[" + semantics + "]";
    }
}
