package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Lion} (google/automl and lucidrains/lion-pytorch
 * semantics, docs/algorithms/optimizers.md §7). Components are boxed so that a missing value differs from 0; after
 * construction none is null. Lion wants a learning rate 3–10× smaller and a weight decay 3–10× larger than AdamW's.
 *
 * @param lr          learning rate; default 1e-4, {@code > 0}
 * @param beta1       interpolation weight of the momentum in the update direction; default 0.9, in [0, 1)
 * @param beta2       momentum decay; default 0.99, in [0, 1)
 * @param weightDecay decoupled weight decay (p ← p·(1 − lr·wd)); default 0, {@code >= 0}
 */
public record LionConfig(Double lr, Double beta1, Double beta2, Double weightDecay) implements FirstOrderConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public LionConfig {
        lr = Check.positive("lr", lr == null ? 1e-4 : lr);
        beta1 = Check.inHalfOpen("beta1", beta1 == null ? 0.9 : beta1, 0, 1);
        beta2 = Check.inHalfOpen("beta2", beta2 == null ? 0.99 : beta2, 0, 1);
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 0.0 : weightDecay);
    }

    /** Every field at its default (the reference implementations'). */
    public static LionConfig defaults() {
        return new LionConfig(null, null, null, null);
    }

    @Override
    public Optimizer build() {
        return Optimizers.lion(this);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public LionConfig withLr(double lr) {
        return new LionConfig(lr, beta1, beta2, weightDecay);
    }

    public LionConfig withBeta1(double beta1) {
        return new LionConfig(lr, beta1, beta2, weightDecay);
    }

    public LionConfig withBeta2(double beta2) {
        return new LionConfig(lr, beta1, beta2, weightDecay);
    }

    public LionConfig withWeightDecay(double weightDecay) {
        return new LionConfig(lr, beta1, beta2, weightDecay);
    }
}
