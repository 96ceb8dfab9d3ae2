package org.sparkharness.executors.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link LocalRule}'s result for one minibatch.
 *
 * @param sum      the quantity the server averages, SUMMED over the batch (network flat layout)
 * @param meanLoss mean loss over the batch at the broadcast parameters
 * @param logits   [B, C] output-layer logits at the broadcast parameters when the rule records them (SAF), else null
 * @param skipped  true when the rule produced no step for this batch (Sven with an all-zero Jacobian)
 */
public record LocalOutput(INDArray sum, double meanLoss, INDArray logits, boolean skipped) {
    public static LocalOutput of(INDArray sum, double meanLoss) {
        return new LocalOutput(sum, meanLoss, null, false);
    }
}
