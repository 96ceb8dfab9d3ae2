package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one worker returns for one round (docs/algorithms/parameter-server.md §1).
 *
 * @param gradientSum flat gradient SUMMED over the worker's {@code count} examples, in the network's flat layout
 * @param lossSum     mean minibatch loss × count, so sums over workers give the loss of the union batch
 * @param logits      [count, C] logits at the broadcast parameters when the rule records them (SAF), else null
 * @param exampleIds  global ids of the minibatch rows when {@code logits} is set, else null
 * @param skipped     the rule produced no step for this minibatch (Sven with an all-zero Jacobian)
 * @param gradientNormSq ‖gradientSum‖², computed on the worker: it tells the driver whether the gradient is finite
 *                    and gives the dynamic backup policy its variance without another pass there; null once the
 *                    driver has summed the gradient and released it
 */
public record WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                           long computeNanos, long injectedDelayNanos, String executorId, INDArray logits,
                           long[] exampleIds, boolean skipped, double gradientNormSq) implements Serializable {

    /** A result whose gradient norm is computed here. */
    public WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                        long computeNanos, long injectedDelayNanos, String executorId, INDArray logits,
                        long[] exampleIds, boolean skipped) {
        this(round, worker, gradientSum, count, lossSum, computeNanos, injectedDelayNanos, executorId, logits,
                exampleIds, skipped, normSq(gradientSum));
    }

    /** A result without recorded logits. */
    public WorkerResult(long round, int worker, INDArray gradientSum, long count, double lossSum,
                        long computeNanos, long injectedDelayNanos, String executorId) {
        this(round, worker, gradientSum, count, lossSum, computeNanos, injectedDelayNanos, executorId, null, null,
                false);
    }

    /** ‖g‖² in double precision (NaN or ∞ when an element is). */
    public static double normSq(INDArray g) {
        double norm = g.norm2Number().doubleValue();
        return norm * norm;
    }

    /**
     * True when the gradient and the loss are free of NaN and infinities. NaN and ±∞ propagate into the norm the
     * worker computed, so no pass over the gradient is needed here.
     */
    public boolean isFinite() {
        return Double.isFinite(lossSum) && Double.isFinite(gradientNormSq);
    }

    /** This result with {@code gradient} as its gradient sum (the transport sends the gradient apart). */
    public WorkerResult withGradient(INDArray gradient) {
        return new WorkerResult(round, worker, gradient, count, lossSum, computeNanos, injectedDelayNanos, executorId,
                logits, exampleIds, skipped, gradientNormSq);
    }

    /** This result without its gradient (once it is summed), keeping what the round record and SAF read. */
    public WorkerResult withoutGradient() {
        return new WorkerResult(round, worker, null, count, lossSum, computeNanos, injectedDelayNanos, executorId,
                logits, exampleIds, skipped, gradientNormSq);
    }
}
