package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.NetworkPool;
import org.sparkharness.optimizers.config.Check;

/**
 * One parameter-server worker's round: minibatch gradient SUM at the broadcast parameters, plus loss, count and
 * timings. Shipped to executors inside the task closure (Java serialisation); it holds only small config values.
 *
 * @param batchSize per-worker minibatch size
 * @param seed      run seed; minibatches and straggler delays are drawn from (seed, round, worker)
 */
public record GradientTask(ModelSpec model, InputShape input, int batchSize, long seed, StragglerModel stragglers)
        implements Serializable {

    public GradientTask {
        Check.positiveInt("batchSize", batchSize);
        stragglers = stragglers == null ? new NoStragglers() : stragglers;
    }

    /** Computes the worker's result; throws {@link TaskCancelledException} once cancellation is noticed. */
    public WorkerResult run(long round, WorkerShard shard, INDArray flatParams, TaskControl control) {
        control.checkpoint("before round " + round);
        long start = System.nanoTime();
        int[] rows = BatchSampler.indices(seed, shard.index(), round, shard.size(), batchSize);
        INDArray x = Rows.gather(shard.features(), rows);
        INDArray y = Rows.gather(shard.labels(), rows);
        NetworkAdapter adapter = NetworkPool.borrow(model, input);
        INDArray gradSum;
        double meanLoss;
        try {
            adapter.setFlatParams(flatParams);
            var net = adapter.network();
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            // DL4J's flat gradient is the SUM over the minibatch and a view into the network: copy it out.
            gradSum = net.gradient().gradient().dup().reshape(adapter.numParams());
            meanLoss = net.score();
            net.clear();
        } finally {
            NetworkPool.release(model, input, adapter);
        }
        long compute = System.nanoTime() - start;
        long delayMs = stragglers.delayMillis(seed, round, shard.index(), compute / 1e6);
        if (delayMs > 0) control.sleep(delayMs, "straggler delay in round " + round);
        control.checkpoint("after round " + round);
        return new WorkerResult(round, shard.index(), gradSum, rows.length, meanLoss * rows.length,
                compute, delayMs * 1_000_000L, executorId());
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "local-jvm" : env.executorId();
    }
}
