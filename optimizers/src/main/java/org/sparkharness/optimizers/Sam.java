package org.sparkharness.optimizers;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sharpness-Aware Minimization (SAM) and its adaptive variant ASAM around a first-order base optimizer, with the
 * semantics of davda54/sam ({@code sam.py}), the de-facto reference:
 * <pre>
 * g1 = ∇L_B(w)                                     first evaluation
 * e  = ρ·g1 / (‖g1‖ + ε)                           SAM; global L2 norm over ALL parameters
 * e  = ρ·w²⊙g1 / (‖|w|⊙g1‖ + ε)                    ASAM (adaptive = true): |w| on every parameter, no η
 * g2 = ∇L_B(w + e)                                 second evaluation on the SAME minibatch
 * (w, state) ← base.update(w, g2, state)           momentum, weight decay and lr of the base, applied at w
 * </pre>
 * ε = {@value #NORM_EPS} as in davda54 (google-research/sam uses none, SamsungLabs/ASAM 1e-16 and T_w = |w| + η on
 * weights only: docs/algorithms/optimizers.md §9). One {@link #step} is one full SAM step: two evaluations of the
 * objective, one base update. The state is the base optimizer's; ρ = 0 gives exactly the base optimizer. Pure: does not
 * mutate its arguments. BatchNorm statistics are the objective's business (davda54 freezes them in the second pass).
 *
 * <p>References: P. Foret, A. Kleiner, H. Mobahi &amp; B. Neyshabur, "Sharpness-Aware Minimization for Efficiently
 * Improving Generalization", ICLR 2021, arXiv:2010.01412; J. Kwon, J. Kim, H. Park &amp; I. K. Choi, "ASAM:
 * Adaptive Sharpness-Aware Minimization for Scale-Invariant Learning of Deep Neural Networks", ICML 2021,
 * arXiv:2102.11600.
 */
public final class Sam implements ObjectiveOptimizer {
    private static final long serialVersionUID = 1L;

    /** The norm epsilon of davda54/sam. */
    public static final double NORM_EPS = 1e-12;

    private final Optimizer base;
    private final double rho;
    private final boolean adaptive;
    private final double normEps;

    /**
     * SAM ({@code adaptive = false}) or ASAM around {@code base}, with ε = {@value #NORM_EPS}. Prefer
     * {@link Optimizers#sam}.
     *
     * @param rho neighbourhood radius, {@code >= 0} (0 reduces to the base optimizer)
     */
    public Sam(Optimizer base, double rho, boolean adaptive) {
        this(base, rho, adaptive, NORM_EPS);
    }

    /** As {@link #Sam(Optimizer, double, boolean)} with another norm epsilon ({@code >= 0}). */
    public Sam(Optimizer base, double rho, boolean adaptive, double normEps) {
        this.base = Objects.requireNonNull(base, "base");
        if (!(rho >= 0 && Double.isFinite(rho))) {
            throw new IllegalArgumentException("SAM rho must be finite and >= 0, got " + rho);
        }
        if (!(normEps >= 0 && Double.isFinite(normEps))) {
            throw new IllegalArgumentException("SAM normEps must be finite and >= 0, got " + normEps);
        }
        this.rho = rho;
        this.adaptive = adaptive;
        this.normEps = normEps;
    }

    /** The optimizer that applies the perturbed gradient. */
    public Optimizer base() {
        return base;
    }

    /** Neighbourhood radius ρ. */
    public double rho() {
        return rho;
    }

    /** Whether this is ASAM. */
    public boolean adaptive() {
        return adaptive;
    }

    /** ε added to the norm. */
    public double normEps() {
        return normEps;
    }

    @Override
    public String name() {
        return "sam";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return base.init(params);
    }

    /**
     * @throws NonFiniteException naming the first parameter whose first or second gradient is NaN or infinite
     */
    @Override
    public Optimizer.Step step(ParamTable params, Objective objective, OptimizerState state) {
        Objects.requireNonNull(objective, "objective");
        ParamTable g1 = objective.evaluate(params).gradient();
        UpdateChecks.begin("SAM first gradient", params, g1, state);
        ParamTable g2 = objective.evaluate(ascentPoint(params, g1, 1, rho, adaptive, normEps)).gradient();
        UpdateChecks.begin("SAM second gradient", params, g2, state);
        // the base step starts from w, not w + e ("restore w" in davda54's second_step)
        return base.update(params, g2, state);
    }

    /**
     * The ascent step e and the norm it was scaled by.
     *
     * @param e           ρ·g/(den + ε), or ρ·w²⊙g/(den + ε) for ASAM; fresh arrays shaped like the parameters
     * @param denominator the global norm ‖g‖ (ASAM: ‖|w|⊙g‖) <b>before</b> adding ε
     */
    public record Perturbation(ParamTable e, double denominator) {
        /** Rejects a null table. */
        public Perturbation {
            Objects.requireNonNull(e, "e");
        }
    }

    /**
     * The SAM/ASAM perturbation of {@code params} for gradient {@code grad}. The norm is accumulated in double over
     * all parameters together; a zero gradient gives e = 0.
     */
    public static Perturbation perturbation(ParamTable params, ParamTable grad, double rho, boolean adaptive,
                                            double normEps) {
        params.requireSameLayout(grad, "SAM perturbation");
        ParamTable scaled = adaptive ? params.zipWith(grad, (w, g) -> w.mul(g)) : grad; // |w|⊙g up to sign
        double denominator = Math.sqrt(scaled.squaredNorm());
        double scale = rho / (denominator + normEps);
        ParamTable e = adaptive
                ? params.zipWith(scaled, (w, wg) -> wg.mul(w).muli(scale))     // w²⊙g = w⊙(w⊙g)
                : params.zipWith(grad, (w, g) -> g.mul(scale));
        return new Perturbation(e, denominator);
    }

    /**
     * The point w + e at which the second gradient is taken, in one pass per tensor and without the temporaries of
     * {@link #perturbation} (e, and for ASAM |w|⊙g, as whole tensors): the norm is accumulated in double straight
     * from the gradient, then each output element is w + c·g (SAM) or w + c·w²⊙g (ASAM) with c = ρ/(den + ε)/m. A
     * worker passes its gradient SUM and m = its batch size, so the mean gradient is never materialised.
     * Equals {@code params + perturbation(params, grad / m, …).e} up to float rounding.
     *
     * @param grad        gradient, or gradient sum over m examples, in {@code params}' layout
     * @param gradDivisor m: the mean gradient is {@code grad / m} (1 for a mean gradient)
     */
    public static ParamTable ascentPoint(ParamTable params, ParamTable grad, double gradDivisor, double rho,
                                         boolean adaptive, double normEps) {
        params.requireSameLayout(grad, "SAM perturbation");
        if (!(gradDivisor > 0)) throw new IllegalArgumentException("gradDivisor must be > 0, got " + gradDivisor);
        double sq = 0;
        for (String n : params.names()) {
            sq += Elementwise.squaredNorm(grad.get(n), adaptive ? params.get(n) : null);
        }
        double denominator = Math.sqrt(sq) / gradDivisor;
        double c = rho / (denominator + normEps) / gradDivisor;
        float cf = (float) c;
        Elementwise.PairKernel kernel = adaptive
                ? (w, g, len) -> { for (int i = 0; i < len; i++) w[i] += w[i] * g[i] * w[i] * c; }
                : (w, g, len) -> { for (int i = 0; i < len; i++) w[i] += g[i] * c; };
        Elementwise.FloatPairKernel floatKernel = adaptive
                ? (w, g, len) -> { for (int i = 0; i < len; i++) w[i] += w[i] * g[i] * w[i] * cf; }
                : (w, g, len) -> { for (int i = 0; i < len; i++) w[i] += g[i] * cf; };
        ParamTable.Builder out = ParamTable.builder();
        for (String n : params.names()) {
            out.put(n, Elementwise.map(params.get(n), grad.get(n), kernel, floatKernel));
        }
        return out.build();
    }

    @Override
    public String toString() {
        return (adaptive ? "Asam" : "Sam") + "[rho=" + rho + ", base=" + base + "]";
    }
}
