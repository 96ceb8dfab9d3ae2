package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one worker returns for one round (parameter-server.md §1.1).
 *
 * @param gradientSum flat gradient SUMMED over the worker's {@code count} examples, in the network's flat layout
 * @param lossSum     mean minibatch loss × count, so sums over workers give the loss of the union batch
 * @param logits      [count, C] logits at the broadcast parameters when the rule records them (SAF), else null
 * @param exampleIds  global ids of the minibatch rows when {@code logits} is set, else null
 * @param skipped     the rule produced no step for this minibatch (Sven with an all-zero Jacobian)
 */
public record WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                           long computeNanos, long injectedDelayNanos, String executorId, INDArray logits,
                           long[] exampleIds, boolean skipped) implements Serializable {

    /** A result without recorded logits. */
    public WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                        long computeNanos, long injectedDelayNanos, String executorId) {
        this(round, worker, gradientSum, count, lossSum, computeNanos, injectedDelayNanos, executorId, null, null,
                false);
    }

    /** True when the gradient and the loss are free of NaN and infinities. */
    public boolean isFinite() {
        // NaN and ±Inf propagate into the sum, so one reduction checks every element.
        return Double.isFinite(lossSum) && Double.isFinite(gradientSum.sumNumber().doubleValue());
    }
}
