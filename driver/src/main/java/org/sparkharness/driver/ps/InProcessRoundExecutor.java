package org.sparkharness.driver.ps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.TaskControl;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * Runs every worker of a round one after another in the calling thread, with the same task code Spark runs. For
 * single-JVM baselines and benchmarks that compare optimizers without scheduler noise; it waits for all workers
 * (results arrive in worker order, so the first k are workers 0..k−1) and injects no cancellation.
 */
public final class InProcessRoundExecutor implements RoundExecutor {
    private final List<WorkerShard> shards;
    private final GradientTask task;

    public InProcessRoundExecutor(List<WorkerShard> shards, GradientTask task) {
        this.shards = List.copyOf(shards);
        this.task = task;
    }

    @Override
    public int workers() {
        return shards.size();
    }

    @Override
    public RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout, GradientSum sum) {
        long start = System.nanoTime();
        List<Arrival> arrivals = new ArrayList<>();
        List<Arrival> accepted = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        for (WorkerShard shard : shards) {
            if (accepted.size() == awaitCount) break;
            WorkerResult r = task.run(round, shard, input, TaskControl.NEVER);
            long at = System.nanoTime() - start;
            if (r.isFinite()) {
                Arrival a = new Arrival(shard.index(), RoundExecutor.accept(r, sum), at);
                arrivals.add(a);
                accepted.add(a);
            } else {
                arrivals.add(new Arrival(shard.index(), r.withoutGradient(), at));
                org.sparkharness.executors.model.NativeMemory.release(r.gradientSum());
                rejected.add(shard.index());
            }
        }
        List<Integer> notRun = new ArrayList<>();
        for (int w = arrivals.size(); w < shards.size(); w++) notRun.add(shards.get(w).index());
        return new RoundOutcome(round, shards.size(), awaitCount, accepted, rejected, arrivals, 0, notRun,
                System.nanoTime() - start);
    }
}
