package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.NetworkPool;

/** Accuracy (or, for regression, squared error) and loss of given parameters on a shard, in chunks so memory stays bounded. */
public record EvalTask(ModelSpec model, InputShape input, int chunkSize) implements Serializable {
    public EvalTask {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be >= 1");
    }

    public EvalResult run(WorkerShard shard, INDArray flatParams) {
        NetworkAdapter adapter = NetworkPool.borrow(model, input);
        try {
            adapter.setFlatParams(flatParams);
            EvalResult total = EvalResult.EMPTY;
            for (int from = 0; from < shard.size(); from += chunkSize) {
                int to = Math.min(shard.size(), from + chunkSize);
                INDArray x = shard.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                INDArray y = shard.labels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                INDArray out = adapter.network().output(x, false);
                long correct = input.isRegression() ? 0 : out.argMax(1).eq(y.argMax(1))
                        .castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
                double meanLoss = adapter.network().score(x, y, false);
                total = total.merge(new EvalResult(correct, to - from, meanLoss * (to - from), input.isRegression()));
            }
            return total;
        } finally {
            NetworkPool.release(model, input, adapter);
        }
    }
}
