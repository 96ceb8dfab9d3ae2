package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one worker returns for one round (parameter-server.md §1.1).
 *
 * @param gradientSum flat gradient SUMMED over the worker's {@code count} examples, in the network's flat layout
 * @param lossSum     mean minibatch loss × count, so sums over workers give the loss of the union batch
 */
public record WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                           long computeNanos, long injectedDelayNanos, String executorId) implements Serializable {

    /** True when the gradient and the loss are free of NaN and infinities. */
    public boolean isFinite() {
        // NaN and ±Inf propagate into the sum, so one reduction checks every element.
        return Double.isFinite(lossSum) && Double.isFinite(gradientSum.sumNumber().doubleValue());
    }
}
