package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.SafSchedule;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Saf}: the trajectory loss ({@link
 * org.sparkharness.optimizers.TrajectoryLoss}) and its schedule, plus the base optimizer that applies the gradient.
 * Components are boxed so that a missing value differs from 0; after construction none is null.
 *
 * <pre>
 * optimizer: { type: saf, lambda: 0.3, minusEpoch: 3, base: { type: sgd, lr: 0.4, momentum: 0.9 } }
 * </pre>
 *
 * @param base       the first-order optimizer; required (the reference uses SGD, momentum 0.9)
 * @param tau        temperature τ; default 5 (README: "very stable"), {@code > 0}
 * @param lambda     weight λ of the trajectory loss; default 0.3, the SAF README value (the argparse default of
 *                   {@code --reinforce} is 0.16), {@code >= 0}
 * @param minusEpoch E, the target logits are from E epochs ago; default 3 (argparse; README: 2 or 3), {@code >= 1}
 * @param startEpoch the loss is on for epochs strictly after this; default 5, {@code >= 0}
 * @param endEpoch   the loss is on for epochs strictly before this; default 300, {@code > startEpoch}
 */
public record SafConfig(FirstOrderConfig base, Double tau, Double lambda, Integer minusEpoch, Integer startEpoch,
                        Integer endEpoch) implements OptimizerConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public SafConfig {
        base = WrapperCheck.base(base);
        tau = Check.positive("tau", tau == null ? 5.0 : tau);
        lambda = Check.nonNegative("lambda", lambda == null ? 0.3 : lambda);
        minusEpoch = WrapperCheck.atLeast("minusEpoch", minusEpoch == null ? 3 : minusEpoch, 1);
        startEpoch = WrapperCheck.atLeast("startEpoch", startEpoch == null ? 5 : startEpoch, 0);
        endEpoch = endEpoch == null ? 300 : endEpoch;
        if (endEpoch <= startEpoch) {
            throw new ConfigException("endEpoch", endEpoch, "must be > startEpoch (" + startEpoch + ")");
        }
    }

    /** Every field but the base at its default. */
    public static SafConfig of(FirstOrderConfig base) {
        return new SafConfig(base, null, null, null, null, null);
    }

    /** E and the active window. */
    public SafSchedule schedule() {
        return new SafSchedule(minusEpoch, startEpoch, endEpoch);
    }

    @Override
    public Optimizer build() {
        return Optimizers.saf(this);
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public SafConfig withBase(FirstOrderConfig base) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    public SafConfig withTau(double tau) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    public SafConfig withLambda(double lambda) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    public SafConfig withMinusEpoch(int minusEpoch) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    public SafConfig withStartEpoch(int startEpoch) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    public SafConfig withEndEpoch(int endEpoch) {
        return new SafConfig(base, tau, lambda, minusEpoch, startEpoch, endEpoch);
    }

    @Override
    public boolean tracksExamplesAcrossEpochs() {
        return true;
    }
}
