package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training examples one worker owns: features {@code [m, d]}, one-hot labels {@code [m, C]} and the examples'
 * ids in the source dataset (loss terms with per-example memory need them). Cached in Spark, one per partition.
 */
public record WorkerShard(int index, INDArray features, INDArray labels, long[] ids) implements Serializable {
    public WorkerShard {
        if (features.size(0) != labels.size(0) || features.size(0) != ids.length) {
            throw new IllegalArgumentException("shard " + index + ": " + features.size(0) + " feature rows, "
                    + labels.size(0) + " label rows, " + ids.length + " ids");
        }
    }

    public int size() { return ids.length; }
}
