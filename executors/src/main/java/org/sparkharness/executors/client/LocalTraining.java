package org.sparkharness.executors.client;

import java.io.Serializable;
import java.util.Objects;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.optimizers.ObjectiveOptimizer;

/**
 * How every client trains locally: the model, its parameterisation (dense or FedPara factors), the local optimizer
 * (a fresh state every round, as in FedProx's and Fling's clients), the minibatch size and the run seed from which
 * each client's minibatch order is derived.
 */
public record LocalTraining(ModelSpec model, InputShape input, Parameterisation parameterisation,
                            ObjectiveOptimizer optimizer, int batchSize, long seed) implements Serializable {
    public LocalTraining {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(parameterisation, "parameterisation");
        Objects.requireNonNull(optimizer, "optimizer");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
}
