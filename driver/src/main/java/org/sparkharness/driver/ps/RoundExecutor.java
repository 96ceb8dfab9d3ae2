package org.sparkharness.driver.ps;

import java.time.Duration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerResult;

/**
 * Runs one round on all n workers and returns once {@code awaitCount} finite results are in (or every worker has
 * reported), cancelling the rest. Each accepted result's gradient is added to the round's {@link GradientSum} as it
 * arrives and then freed: the outcome's results carry no gradients. The only component of the parameter server that
 * talks to a scheduler.
 */
public interface RoundExecutor extends AutoCloseable {
    int workers();

    /** Runs round {@code round} (0-based) with the given broadcast, adding accepted gradients to {@code sum}. */
    RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout, GradientSum sum);

    /** A round whose broadcast is the parameters alone. */
    default RoundOutcome run(long round, INDArray flatParams, int awaitCount, Duration timeout, GradientSum sum) {
        return run(round, RoundInput.of(round, flatParams), awaitCount, timeout, sum);
    }

    /**
     * Adds an accepted result to {@code sum}, frees its gradient and returns it without: what every executor does
     * with a result it accepts.
     */
    static WorkerResult accept(WorkerResult r, GradientSum sum) {
        sum.add(r);
        release(r);
        return r.withoutGradient();
    }

    /** Frees (or gives back for reuse) a result's gradient. */
    static void release(WorkerResult r) {
        org.sparkharness.executors.rounds.ArrayPool.SHARED.give(r.gradientSum());
    }

    @Override
    default void close() {}
}
