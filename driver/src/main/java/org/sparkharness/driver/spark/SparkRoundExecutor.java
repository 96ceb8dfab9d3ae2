package org.sparkharness.driver.spark;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkharness.driver.ps.Arrival;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.driver.ps.RoundCollector;
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.ps.RoundFailedException;
import org.sparkharness.driver.ps.RoundOutcome;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.TaskControl;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * One Spark job per round over the n cached worker partitions (docs/algorithms/parameter-server.md §5). Results reach a
 * queue from the scheduler's handler (which must never block); the driver thread takes the first k finite ones in
 * arrival order, then cancels the job with {@code interruptOnCancel} so stragglers free their cores.
 */
public final class SparkRoundExecutor implements RoundExecutor {

    private final JavaSparkContext jsc;
    private final JavaRDD<WorkerShard> shards;
    private final GradientTask task;
    private final int workers;

    /** {@code shards} must have one partition per worker and be cached by the caller. */
    public SparkRoundExecutor(JavaSparkContext jsc, JavaRDD<WorkerShard> shards, GradientTask task) {
        this.jsc = jsc;
        this.shards = shards;
        this.task = task;
        this.workers = shards.getNumPartitions();
    }

    @Override
    public int workers() { return workers; }

    @Override
    public RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout, GradientSum sum) {
        Broadcast<RoundInput> params = jsc.broadcast(input);
        try {
            return collect(round, params, awaitCount, timeout, sum);
        } finally {
            params.destroy(false);
        }
    }

    private RoundOutcome collect(long round, Broadcast<RoundInput> params, int awaitCount, Duration timeout,
                                 GradientSum sum) {
        LinkedBlockingQueue<Arrival> queue = new LinkedBlockingQueue<>();
        GradientTask t = task;
        SparkContext sc = jsc.sc();
        sc.setLocalProperty("spark.job.interruptOnCancel", "true");
        sc.setLocalProperty("spark.job.description", "ps round " + round);
        long start = System.nanoTime();
        SimpleFutureAction<BoxedUnit> job = sc.submitJob(shards.rdd(),
                ScalaFunctions.partition((java.util.Iterator<WorkerShard> it) ->
                        t.run(round, it.next(), params.value(), TaskControl.spark())),
                ScalaFunctions.ints(IntStream.range(0, workers).boxed().toList()),
                ScalaFunctions.<WorkerResult>handler((index, result) ->
                        queue.offer(new Arrival(index, result, System.nanoTime() - start))),
                ScalaFunctions.unit());

        RoundCollector collector = new RoundCollector(round, workers, awaitCount, start, sum);
        long deadline = start + timeout.toNanos();
        try {
            while (collector.waiting()) {
                Arrival a = queue.poll(20, TimeUnit.MILLISECONDS);
                if (a == null) {
                    failIfJobEnded(round, job, queue);
                    if (System.nanoTime() > deadline) throw collector.timedOut(timeout.toSeconds());
                    continue;
                }
                collector.arrived(a.worker(), a.result(), start + a.arrivalNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(round, "interrupted", e);
        } finally {
            if (!job.isCompleted()) job.cancel();
        }
        // Results that came after the cut-off are not used: free their gradients now.
        for (Arrival l = queue.poll(); l != null; l = queue.poll()) collector.late(l.result());
        return collector.outcome();
    }

    private static void failIfJobEnded(long round, SimpleFutureAction<BoxedUnit> job, LinkedBlockingQueue<Arrival> queue) {
        if (!job.isCompleted() || !queue.isEmpty()) return;
        Try<BoxedUnit> result = job.value().get();
        if (result.isFailure()) {
            Throwable cause = result.failed().get();
            throw new RoundFailedException(round, "Spark job failed: " + cause.getMessage(), cause);
        }
    }
}
