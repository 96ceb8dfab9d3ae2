package org.sparkharness.optimizers;

import java.util.LinkedHashMap;
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
 * arguments.
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
        long t = UpdateChecks.begin("AdamW", params, grads, state);
        double lr = config.lr();
        double b1 = config.beta1();
        double b2 = config.beta2();
        ParamTable m = UpdateChecks.slot("AdamW", state, M, params).zipWith(grads, (mi, g) -> firstMoment(mi, g, b1));
        ParamTable v = UpdateChecks.slot("AdamW", state, V, params).zipWith(grads, (vi, g) -> secondMoment(vi, g, b2));
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        ParamTable next = params.mapNamed((n, p) -> decayed(p, lr, config.weightDecay())
                .subi(step(m.get(n), v.get(n), lr, bc1, bc2, config.eps(), semantics)));
        return new Step(UpdateChecks.finish(next, t), state.next(slots(m, v)));
    }

    private static Map<String, ParamTable> slots(ParamTable m, ParamTable v) {
        Map<String, ParamTable> s = new LinkedHashMap<>();
        s.put(M, m);
        s.put(V, v);
        return s;
    }

    /** {@code p·(1 − lr·wd)}. */
    static INDArray decayed(INDArray p, double lr, double wd) {
        return p.mul(1 - lr * wd);
    }

    /** {@code β1·m + (1 − β1)·g}. */
    static INDArray firstMoment(INDArray m, INDArray g, double b1) {
        return m.mul(b1).addi(g.mul(1 - b1));
    }

    /** {@code β2·v + (1 − β2)·g²}. */
    static INDArray secondMoment(INDArray v, INDArray g, double b2) {
        return v.mul(b2).addi(g.mul(g).muli(1 - b2));
    }

    /** The amount subtracted from the decayed parameter, from the already-updated moments. */
    static INDArray step(INDArray m, INDArray v, double lr, double bc1, double bc2, double eps, Semantics s) {
        INDArray sqrtV = Transforms.sqrt(v, true);
        if (s == Semantics.TORCH) {
            return m.mul(lr / bc1).divi(sqrtV.divi(Math.sqrt(bc2)).addi(eps));
        }
        return m.mul(lr * Math.sqrt(bc2) / bc1).divi(sqrtV.addi(eps));
    }

    @Override
    public String toString() {
        return "AdamW" + config + "[" + semantics + "]";
    }
}
