package org.sparkharness.optimizers;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The input and output checks every {@link Optimizer#update} makes, in one place so they read the same. */
final class UpdateChecks {
    private UpdateChecks() {
    }

    /**
     * Validates the arguments of an update and returns its 1-based step counter.
     *
     * @throws ShapeMismatchException   if grads do not have the params' names and shapes
     * @throws IllegalArgumentException if a gradient's dtype differs from its parameter's
     * @throws NonFiniteException       naming the first parameter (in params order) whose gradient is NaN or infinite
     */
    static long begin(String optimizer, ParamTable params, ParamTable grads, OptimizerState state) {
        long t = layout(optimizer, params, grads, state);
        for (String n : params.names()) {
            if (!ParamTable.isFinite(grads.get(n))) {
                throw new NonFiniteException(n, t, "gradient");
            }
        }
        return t;
    }

    /**
     * The checks of {@link #begin} except the finiteness of the gradients, for optimizers that check it in the same
     * pass that computes the update ({@link Elementwise}): same exceptions, same 1-based step counter.
     */
    static long layout(String optimizer, ParamTable params, ParamTable grads, OptimizerState state) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(grads, "grads");
        Objects.requireNonNull(state, "state");
        params.requireSameLayout(grads, optimizer + " gradients");
        for (String n : params.names()) {
            INDArray p = params.get(n);
            INDArray g = grads.get(n);
            if (p.dataType() != g.dataType()) {
                throw new IllegalArgumentException(optimizer + " gradients: parameter '" + n + "' has dtype "
                        + p.dataType() + " but its gradient has " + g.dataType());
            }
        }
        return state.step() + 1;
    }

    /** The state slot {@code name}, checked to be shaped like {@code params}. */
    static ParamTable slot(String optimizer, OptimizerState state, String name, ParamTable params) {
        ParamTable s = state.slot(name);
        params.requireSameLayout(s, optimizer + " state slot '" + name + "'");
        return s;
    }

    /** Returns {@code updated} after checking that every value is finite. */
    static ParamTable finish(ParamTable updated, long t) {
        updated.firstNonFinite().ifPresent(n -> {
            throw new NonFiniteException(n, t, "updated parameter");
        });
        return updated;
    }
}
