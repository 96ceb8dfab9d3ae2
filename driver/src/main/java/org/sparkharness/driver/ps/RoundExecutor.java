package org.sparkharness.driver.ps;

import java.time.Duration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.RoundInput;

/**
 * Runs one round on all n workers and returns once {@code awaitCount} finite results are in (or every worker has
 * reported), cancelling the rest. The only component of the parameter server that talks to a scheduler.
 */
public interface RoundExecutor extends AutoCloseable {
    int workers();

    /** Runs round {@code round} (0-based) with the given broadcast. */
    RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout);

    /** A round whose broadcast is the parameters alone. */
    default RoundOutcome run(long round, INDArray flatParams, int awaitCount, Duration timeout) {
        return run(round, RoundInput.of(round, flatParams), awaitCount, timeout);
    }

    @Override
    default void close() {}
}
