package org.sparkharness.executors.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's minibatch in one round.
 *
 * @param worker   worker index
 * @param features [B, ...] inputs
 * @param labels   [B, C] one-hot labels
 * @param ids      global example ids of the rows, in row order (SAF's memory is keyed by them)
 */
public record WorkerBatch(int worker, INDArray features, INDArray labels, long[] ids) {
    public int size() {
        return ids.length;
    }
}
