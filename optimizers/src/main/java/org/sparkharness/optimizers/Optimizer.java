package org.sparkharness.optimizers;

import java.util.Objects;

/**
 * A first-order optimizer as a pair of pure functions over {@link ParamTable}s, in the style of torch.optim's
 * update rules and optax's init/update: the optimizer object holds only hyperparameters, and all state travels
 * in an {@link OptimizerState} value, so updates can be checkpointed, replayed and shipped to executors.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #update} uses the 1-based step counter {@code t = state.step() + 1} and returns a state with
 *       {@code step() == t};</li>
 *   <li>{@code grads} are minibatch-<b>mean</b> gradients with the parameters' names, shapes and dtypes;</li>
 *   <li>it never mutates {@code params}, {@code grads} or {@code state}, and returns fresh arrays that alias none of
 *       them (see the ownership rule on {@link ParamTable});</li>
 *   <li>it throws {@link NonFiniteException} naming the first parameter (in {@code params} order) whose gradient
 *       holds NaN or ±Inf; otherwise it checks the new parameters the same way (a bad gradient is reported in
 *       preference to a bad result, whether the check runs before the computation or in the same pass);</li>
 *   <li>the result keeps the parameters' names (in {@code params} order), shapes and dtypes.</li>
 * </ul>
 * Implementations are immutable and thread-safe.
 */
public interface Optimizer extends ObjectiveOptimizer {

    /**
     * One optimizer step.
     *
     * @param params current parameters
     * @param grads  minibatch-mean gradients, same names and shapes as {@code params}
     * @param state  the state returned by {@link #init} or by the previous update
     * @return the new parameters and the new state
     * @throws NonFiniteException     if a gradient (or a resulting parameter) is NaN or infinite
     * @throws ShapeMismatchException if {@code grads} or the state do not match {@code params}
     */
    Step update(ParamTable params, ParamTable grads, OptimizerState state);

    /** A first-order step: one gradient evaluation, then {@link #update}. */
    @Override
    default Step step(ParamTable params, Objective objective, OptimizerState state) {
        return update(params, objective.evaluate(params).gradient(), state);
    }

    /**
     * Result of {@link #update}.
     *
     * @param params the parameters after the step
     * @param state  the state after the step
     */
    record Step(ParamTable params, OptimizerState state) {
        /** Rejects nulls. */
        public Step {
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(state, "state");
        }
    }
}
