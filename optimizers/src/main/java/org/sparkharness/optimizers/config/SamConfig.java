package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Sam} (SAM/ASAM, davda54/sam semantics, norm ε 1e-12).
 * Components are boxed so that a missing value differs from 0; after construction none is null.
 *
 * <pre>
 * optimizer: { type: sam, rho: 0.05, base: { type: sgd, lr: 0.1, momentum: 0.9 } }
 * </pre>
 *
 * @param base     the first-order optimizer that applies the perturbed gradient; required
 * @param rho      neighbourhood radius ρ; default 0.05 (davda54; its ASAM example uses 2.0, SamsungLabs/ASAM
 *                 suggests 0.5–1.0), {@code > 0}
 * @param adaptive ASAM (e scaled by w²); default false
 */
public record SamConfig(FirstOrderConfig base, Double rho, Boolean adaptive) implements OptimizerConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public SamConfig {
        base = WrapperCheck.base(base);
        rho = Check.positive("rho", rho == null ? 0.05 : rho);
        adaptive = adaptive != null && adaptive;
    }

    /** SAM (not adaptive) with the default ρ around {@code base}. */
    public static SamConfig of(FirstOrderConfig base) {
        return new SamConfig(base, null, null);
    }

    @Override
    public ObjectiveOptimizer build() {
        return Optimizers.sam(this);
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public SamConfig withBase(FirstOrderConfig base) {
        return new SamConfig(base, rho, adaptive);
    }

    public SamConfig withRho(double rho) {
        return new SamConfig(base, rho, adaptive);
    }

    public SamConfig withAdaptive(boolean adaptive) {
        return new SamConfig(base, rho, adaptive);
    }
}
