package org.sparkharness.executors.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Layer activations as the harness reads them outside the network. */
final class Activations {
    private Activations() {}

    /**
     * A copy of {@code a} with one row per example: [n, c, h, w] (or any rank) flattened in row-major order, which is
     * how DL4J's CNN-to-dense preprocessor feeds a dense layer.
     */
    static INDArray rows(INDArray a) {
        long n = a.size(0);
        return a.dup('c').reshape('c', n, a.length() / n);
    }
}
