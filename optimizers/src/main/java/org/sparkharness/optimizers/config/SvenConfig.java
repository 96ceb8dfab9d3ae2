package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Sven} (sambt/sven, {@code svd_mode="torch"}). Components are
 * boxed so that a missing value differs from 0; after construction none is null.
 *
 * @param lr    learning rate; required (sven has no default), {@code > 0}
 * @param k     number of leading singular values kept; required, {@code >= 1} (sven README: start with
 *              batch_size // 2)
 * @param rtol  relative cut, keep S_i &gt; rtol·S_0; default 1e-3, in [0, 1)
 * @param kappa residual power, R = l^(κ/2); default 2.0 (R = l), {@code > 0}
 * @param tol   singular values ≤ tol are not inverted; default 1e-10, {@code >= 0}
 */
public record SvenConfig(Double lr, Integer k, Double rtol, Double kappa, Double tol) implements OptimizerConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public SvenConfig {
        lr = Check.positive("lr", Check.required("lr", lr));
        k = Check.positiveInt("k", Check.required("k", k));
        rtol = Check.inHalfOpen("rtol", rtol == null ? 1e-3 : rtol, 0, 1);
        kappa = Check.positive("kappa", kappa == null ? 2.0 : kappa);
        tol = Check.nonNegative("tol", tol == null ? 1e-10 : tol);
    }

    /** Learning rate {@code lr}, {@code k} singular values, every other field at its default. */
    public static SvenConfig of(double lr, int k) {
        return new SvenConfig(lr, k, null, null, null);
    }

    @Override
    public ObjectiveOptimizer build() {
        return Optimizers.sven(this);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public SvenConfig withLr(double lr) {
        return new SvenConfig(lr, k, rtol, kappa, tol);
    }

    public SvenConfig withK(int k) {
        return new SvenConfig(lr, k, rtol, kappa, tol);
    }

    public SvenConfig withRtol(double rtol) {
        return new SvenConfig(lr, k, rtol, kappa, tol);
    }

    public SvenConfig withKappa(double kappa) {
        return new SvenConfig(lr, k, rtol, kappa, tol);
    }

    public SvenConfig withTol(double tol) {
        return new SvenConfig(lr, k, rtol, kappa, tol);
    }
}
