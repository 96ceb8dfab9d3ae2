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
 * One parameter-server worker's round: draws the minibatch, lets the {@link LocalRule} compute the SUM the server
 * averages (a gradient, or a Sven direction), and adds loss, count and timings. Shipped to executors inside the task closure (Java serialisation); it holds only small config values.
 *
 * @param batchSize per-worker minibatch size
 * @param seed      run seed; minibatches and straggler delays are drawn from (seed, round, worker)
 */
public record GradientTask(ModelSpec model, InputShape input, int batchSize, long seed, StragglerModel stragglers,
                           LocalRule rule) implements Serializable {

    public GradientTask {
        Check.positiveInt("batchSize", batchSize);
        stragglers = stragglers == null ? new NoStragglers() : stragglers;
        rule = rule == null ? new PlainGradient() : rule;
    }

    /** A task computing plain minibatch gradients. */
    public GradientTask(ModelSpec model, InputShape input, int batchSize, long seed, StragglerModel stragglers) {
        this(model, input, batchSize, seed, stragglers, null);
    }

    /** Computes the worker's result; throws {@link TaskCancelledException} once cancellation is noticed. */
    public WorkerResult run(long round, WorkerShard shard, RoundInput in, TaskControl control) {
        control.checkpoint("before round " + round);
        long start = System.nanoTime();
        int[] rows = BatchSampler.indices(seed, shard.index(), round, shard.size(), batchSize);
        long[] ids = new long[rows.length];
        for (int i = 0; i < rows.length; i++) ids[i] = shard.ids()[rows[i]];
        WorkerBatch batch = new WorkerBatch(shard.index(), Rows.gather(shard.features(), rows),
                Rows.gather(shard.labels(), rows), ids);
        NetworkAdapter adapter = NetworkPool.borrow(model, input);
        LocalOutput out;
        try {
            out = rule.compute(batch, adapter, in);
        } finally {
            NetworkPool.release(model, input, adapter);
            // Off-heap copies: free them now rather than whenever the GC collects their handles.
            batch.features().close();
            batch.labels().close();
        }
        long compute = System.nanoTime() - start;
        long delayMs = stragglers.delayMillis(seed, round, shard.index(), compute / 1e6);
        if (delayMs > 0) control.sleep(delayMs, "straggler delay in round " + round);
        control.checkpoint("after round " + round);
        return new WorkerResult(round, shard.index(), out.sum(), rows.length, out.meanLoss() * rows.length,
                compute, delayMs * 1_000_000L, executorId(), out.logits(), out.logits() == null ? null : ids,
                out.skipped());
    }

    /** {@link #run(long, WorkerShard, RoundInput, TaskControl)} with parameters only. */
    public WorkerResult run(long round, WorkerShard shard, INDArray flatParams, TaskControl control) {
        return run(round, shard, RoundInput.of(round, flatParams), control);
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "local-jvm" : env.executorId();
    }
}
