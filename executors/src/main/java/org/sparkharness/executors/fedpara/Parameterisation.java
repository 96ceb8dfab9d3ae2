package org.sparkharness.executors.fedpara;

import java.util.Set;
import org.sparkharness.optimizers.ParamTable;

/**
 * How a client's trainable parameters map onto a DL4J network's own (dense) parameter table.
 *
 * <p>The network itself stays an ordinary dense/conv network. A parameterisation only changes what is trained and
 * transmitted: each step {@link #compose composes} the dense table from the trainable one, DL4J back-propagates as
 * usual, and {@link #pullBack} carries the dense gradient back to the trainable parameters by the chain rule.
 * {@link ReparameterisedObjective} wires the two around any {@link org.sparkharness.optimizers.Objective}.
 *
 * <p>Implementations are immutable and pure: they never mutate their inputs (ParamTable's ownership rule).
 */
public interface Parameterisation extends java.io.Serializable {

    /**
     * Trainable table for a network whose dense parameters (names/shapes in DL4J order) are {@code dense}; seeded,
     * pure. Non-factorised entries (biases, kept-dense layers) are copied from {@code dense}.
     */
    ParamTable init(ParamTable dense, long seed);

    /** The network's dense table (same names/order as DL4J's) from a trainable table. */
    ParamTable compose(ParamTable trainable);

    /** Gradient w.r.t. the trainable table, given the gradient w.r.t. {@code compose(trainable)}. */
    ParamTable pullBack(ParamTable trainable, ParamTable denseGradient);

    /** Trainable names that never leave the client (pFedPara's second Hadamard factor); empty for others. */
    Set<String> localNames();

    /** The identity (plain dense model). */
    static Parameterisation dense() {
        return DenseParameterisation.INSTANCE;
    }
}
