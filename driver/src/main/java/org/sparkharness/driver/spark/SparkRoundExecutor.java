package org.sparkharness.driver.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.driver.ps.Arrival;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.ps.RoundFailedException;
import org.sparkharness.driver.ps.RoundOutcome;
import org.sparkharness.executors.model.NativeMemory;
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
    private static final Logger LOG = LoggerFactory.getLogger(SparkRoundExecutor.class);

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
        if (awaitCount < 1 || awaitCount > workers) {
            throw new IllegalArgumentException("awaitCount " + awaitCount + " outside [1, " + workers + "]");
        }
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

        List<Arrival> arrivals = new ArrayList<>();
        List<Arrival> accepted = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        long deadline = start + timeout.toNanos();
        try {
            while (accepted.size() < awaitCount && arrivals.size() < workers) {
                Arrival a = queue.poll(20, TimeUnit.MILLISECONDS);
                if (a == null) {
                    failIfJobEnded(round, job, queue);
                    if (System.nanoTime() > deadline) {
                        throw new RoundFailedException(round, "timed out after " + timeout.toSeconds() + " s with "
                                + accepted.size() + " of " + awaitCount + " results", null);
                    }
                    continue;
                }
                if (a.result().isFinite()) {
                    a = new Arrival(a.worker(), RoundExecutor.accept(a.result(), sum), a.arrivalNanos());
                    arrivals.add(a);
                    accepted.add(a);
                } else {
                    arrivals.add(new Arrival(a.worker(), a.result().withoutGradient(), a.arrivalNanos()));
                    NativeMemory.release(a.result().gradientSum());
                    rejected.add(a.worker());
                    LOG.warn("round {}: rejected worker {}'s result: gradient or loss is NaN/Inf", round, a.worker());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(round, "interrupted", e);
        } finally {
            if (!job.isCompleted()) job.cancel();
        }
        long cutoff = arrivals.isEmpty() ? System.nanoTime() - start : arrivals.get(arrivals.size() - 1).arrivalNanos();
        int late = queue.size();
        // Results that came after the cut-off are not used: free their gradients now.
        for (Arrival l = queue.poll(); l != null; l = queue.poll()) NativeMemory.release(l.result().gradientSum());
        Set<Integer> done = new TreeSet<>();
        arrivals.forEach(a -> done.add(a.worker()));
        List<Integer> cancelled = IntStream.range(0, workers).filter(w -> !done.contains(w)).boxed().toList();
        accepted.sort(Comparator.comparingInt(Arrival::worker));
        if (accepted.isEmpty()) {
            throw new RoundFailedException(round, "every received result was rejected (NaN/Inf) from workers " + rejected, null);
        }
        return new RoundOutcome(round, workers, awaitCount, accepted, rejected, arrivals, late, cancelled, cutoff);
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
