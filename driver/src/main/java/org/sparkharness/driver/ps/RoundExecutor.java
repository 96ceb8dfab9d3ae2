package org.sparkharness.driver.ps;

import java.time.Duration;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs one round on all n workers and returns once {@code awaitCount} finite results are in (or every worker has
 * reported), cancelling the rest. The only component of the parameter server that talks to a scheduler.
 */
public interface RoundExecutor extends AutoCloseable {
    int workers();

    RoundOutcome run(long round, INDArray flatParams, int awaitCount, Duration timeout);

    @Override
    default void close() {}
}
