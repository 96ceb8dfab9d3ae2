package org.sparkharness.optimizers;

import java.util.Objects;
import org.sparkharness.optimizers.config.SafConfig;

/**
 * SAF (Sharpness-Aware training for Free) as seen by the optimizer: the base optimizer unchanged. SAF is a loss
 * term, not an update rule (docs/algorithms/optimizers.md §10): the training loop records each minibatch's logits in a
 * {@link LogitMemory}, adds the {@link TrajectoryLoss} against the logits of E epochs ago while
 * {@link SafSchedule#active} and steps this optimizer with the resulting gradient. This class carries the
 * {@link SafConfig} (τ, λ, E, window) to that loop and delegates {@link #init} and {@link #update} to the base, so
 * the state and checkpoints are the base optimizer's.
 *
 * <p>Reference: J. Du, D. Zhou, J. Feng, V. Tan &amp; J. T. Zhou, "Sharpness-Aware Training for Free", NeurIPS 2022,
 * arXiv:2205.14083; code AngusDujw/SAF {@code SAF_train.py}. Pure: does not mutate its arguments.
 */
public final class Saf implements Optimizer {
    private static final long serialVersionUID = 1L;

    private final SafConfig config;
    private final Optimizer base;

    /** SAF with the base optimizer {@code config.base()}. Prefer {@link Optimizers#saf}. */
    public Saf(SafConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.base = config.base().build();
    }

    /** The hyperparameters, including the base optimizer's. */
    public SafConfig config() {
        return config;
    }

    /** The optimizer that applies the gradient. */
    public Optimizer base() {
        return base;
    }

    /** The epochs and ring-buffer slots of the trajectory loss. */
    public SafSchedule schedule() {
        return config.schedule();
    }

    @Override
    public String name() {
        return "saf";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return base.init(params);
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        return base.update(params, grads, state);
    }

    @Override
    public String toString() {
        return "Saf" + config;
    }
}
