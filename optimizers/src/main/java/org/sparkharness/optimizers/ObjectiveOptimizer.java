package org.sparkharness.optimizers;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer that drives its own evaluations of an {@link Objective}: SAM/ASAM (two gradients per step) and Sven
 * (per-example Jacobian) need more than one minibatch gradient. Every first-order {@link Optimizer} is one too
 * (it evaluates the gradient once), so training loops can be written once against this interface.
 *
 * <p>Same purity rules as {@link Optimizer}: hyperparameters in the object, all state in {@link OptimizerState},
 * inputs never mutated, 1-based step counter {@code state.step() + 1}.
 */
public interface ObjectiveOptimizer extends Serializable {

    /** The config type name, e.g. {@code "sam"}. */
    String name();

    /** The state before the first step for parameters shaped like {@code params}. */
    OptimizerState init(ParamTable params);

    /** One step on {@code objective}'s minibatch. */
    Optimizer.Step step(ParamTable params, Objective objective, OptimizerState state);

    /** Bytes held by the state's tensor slots (scalars and bookkeeping not counted). */
    default long stateBytes(OptimizerState state) {
        long bytes = 0;
        for (ParamTable slot : state.slots().values()) {
            for (String n : slot.names()) {
                INDArray a = slot.get(n);
                bytes += a.length() * a.dataType().width();
            }
        }
        return bytes;
    }
}
