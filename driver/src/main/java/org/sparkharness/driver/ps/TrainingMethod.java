package org.sparkharness.driver.ps;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.LocalRule;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;

/**
 * How a configured optimizer splits between workers and server in parameter-server training. A first-order
 * optimizer runs on the server over averaged gradients; SAM's second gradient, Sven's pseudo-inverse and SAF/MESA's
 * loss term run on the workers ({@link #rule()}), and the server applies the rest ({@link #serverOptimizer()}).
 * SAF's memory of past logits lives here, on the driver, because it outlives tasks and must checkpoint.
 * Built by {@link TrainingMethods#of}.
 */
public interface TrainingMethod {

    /** What each worker computes from its minibatch. */
    LocalRule rule();

    /** What the server applies to the averaged worker output; its state is the run's optimizer state. */
    Optimizer serverOptimizer();

    /** The round's broadcast for parameters {@code params} (0-based {@code round}). */
    default RoundInput input(long round, INDArray flatParams, OptimizerState state) {
        return RoundInput.of(round, flatParams);
    }

    /** Takes what the accepted workers returned besides their sums (SAF records logits). */
    default void absorb(long round, List<WorkerResult> accepted) {}

    /** State to checkpoint besides parameters and optimizer state, by name. */
    default Map<String, byte[]> saveState() {
        return Map.of();
    }

    /** Restores what {@link #saveState()} returned. */
    default void restoreState(Map<String, byte[]> state) {}

    /** The user's optimizer as configured (for names and logs). */
    ObjectiveOptimizer configured();
}
