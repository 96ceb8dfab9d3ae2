package org.sparkharness.executors.worker;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a round broadcasts to its workers: the parameters and what a worker's {@link LocalRule} needs besides
 * them. Broadcast as one value; like {@link SharedParams} it is a record so that Spark, which closes
 * {@link AutoCloseable} broadcast values on destroy, never frees arrays a straggler may still be reading.
 *
 * @param round      0-based round index
 * @param params     flat parameters, network layout
 * @param teacher    MESA's EMA-teacher parameters (network layout) when its loss term is active, else null
 * @param pastLogits SAF's recorded logits for each worker's minibatch this round, by worker index; empty otherwise
 */
public record RoundInput(long round, INDArray params, INDArray teacher, Map<Integer, PastLogits> pastLogits)
        implements Serializable {

    public RoundInput {
        Objects.requireNonNull(params, "params");
        pastLogits = Map.copyOf(pastLogits);
    }

    /** Parameters only: what first-order, SAM and Sven rounds need. */
    public static RoundInput of(long round, INDArray params) {
        return new RoundInput(round, params, null, Map.of());
    }

    /**
     * Logits recorded for one worker's minibatch {@code E} epochs ago (SAF).
     *
     * @param logits [B, C], rows in the minibatch's order
     * @param mask   [B]: 1 where the example has logits recorded exactly E epochs ago, 0 where it has none
     */
    public record PastLogits(INDArray logits, INDArray mask) implements Serializable {
        public PastLogits {
            Objects.requireNonNull(logits, "logits");
            Objects.requireNonNull(mask, "mask");
        }
    }
}
