package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.AdamAtan2} (lucidrains/adam-atan2-pytorch semantics,
 * docs/algorithms/optimizers.md §6.1). Components are boxed so that a missing value differs from 0; after construction
 * none is null. The defaults are lucidrains'; the imoneoi variant ({@code AdamAtan2.Semantics.IMONEOI}) has other
 * defaults (lr 1e-3, beta2 0.999, weightDecay 1e-2), which must then be given explicitly, and no constants a and b.
 *
 * @param lr          learning rate; default 1e-4, {@code > 0}
 * @param beta1       first-moment decay; default 0.9, in [0, 1)
 * @param beta2       second-moment decay; default 0.99, in [0, 1)
 * @param weightDecay decoupled weight decay (p ← p·(1 − lr·wd)); default 0, {@code >= 0}
 * @param a           scale of the update, a·atan2(m̂, b·√v̂); default 1.27 (≈ 4/π, so that the first step is ≈ lr),
 *                    {@code > 0}
 * @param b           scale of the denominator inside atan2; default 1, {@code > 0}
 */
public record AdamAtan2Config(Double lr, Double beta1, Double beta2, Double weightDecay, Double a, Double b)
        implements FirstOrderConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public AdamAtan2Config {
        lr = Check.positive("lr", lr == null ? 1e-4 : lr);
        beta1 = Check.inHalfOpen("beta1", beta1 == null ? 0.9 : beta1, 0, 1);
        beta2 = Check.inHalfOpen("beta2", beta2 == null ? 0.99 : beta2, 0, 1);
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 0.0 : weightDecay);
        a = Check.positive("a", a == null ? 1.27 : a);
        b = Check.positive("b", b == null ? 1.0 : b);
    }

    /** Every field at its default (lucidrains'). */
    public static AdamAtan2Config defaults() {
        return new AdamAtan2Config(null, null, null, null, null, null);
    }

    @Override
    public Optimizer build() {
        return Optimizers.adamAtan2(this);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public AdamAtan2Config withLr(double lr) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }

    public AdamAtan2Config withBeta1(double beta1) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }

    public AdamAtan2Config withBeta2(double beta2) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }

    public AdamAtan2Config withWeightDecay(double weightDecay) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }

    public AdamAtan2Config withA(double a) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }

    public AdamAtan2Config withB(double b) {
        return new AdamAtan2Config(lr, beta1, beta2, weightDecay, a, b);
    }
}
