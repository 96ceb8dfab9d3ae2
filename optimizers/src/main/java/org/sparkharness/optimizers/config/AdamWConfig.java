package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.AdamW} (torch.optim.AdamW semantics). Components are boxed
 * so that a missing value differs from 0; after construction none is null.
 *
 * @param lr          learning rate; default 1e-3, {@code > 0}
 * @param beta1       first-moment decay; default 0.9, in [0, 1)
 * @param beta2       second-moment decay; default 0.999, in [0, 1)
 * @param eps         added to the denominator; default 1e-8, {@code >= 0}
 * @param weightDecay decoupled weight decay (p ← p·(1 − lr·wd)); default 1e-2, {@code >= 0}
 */
public record AdamWConfig(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay)
        implements FirstOrderConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public AdamWConfig {
        lr = Check.positive("lr", lr == null ? 1e-3 : lr);
        beta1 = Check.inHalfOpen("beta1", beta1 == null ? 0.9 : beta1, 0, 1);
        beta2 = Check.inHalfOpen("beta2", beta2 == null ? 0.999 : beta2, 0, 1);
        eps = Check.nonNegative("eps", eps == null ? 1e-8 : eps);
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 1e-2 : weightDecay);
    }

    /** Every field at its default (torch's). */
    public static AdamWConfig defaults() {
        return new AdamWConfig(null, null, null, null, null);
    }

    @Override
    public Optimizer build() {
        return Optimizers.adamw(this);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public AdamWConfig withLr(double lr) {
        return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withBeta1(double beta1) {
        return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withBeta2(double beta2) {
        return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withEps(double eps) {
        return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withWeightDecay(double weightDecay) {
        return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
    }
}
