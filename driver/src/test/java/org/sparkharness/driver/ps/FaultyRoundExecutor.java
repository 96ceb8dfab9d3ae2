package org.sparkharness.driver.ps;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.TaskCancelledException;
import org.sparkharness.executors.worker.TaskControl;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * An in-process round engine for testing the parameter server without Spark: every worker's task runs on its own
 * thread, concurrently, with the same task code Spark runs, and a {@link Faults} plan can delay a worker, make its
 * result NaN, make it throw or lose it (its executor goes away) in any round. Results are collected by the same {@link RoundCollector} the Spark
 * engine uses; workers still running at the cut-off are cancelled (and stop at their next check).
 */
final class FaultyRoundExecutor implements RoundExecutor {
    /** What goes wrong for a worker in a round. */
    sealed interface Fault {
        record None() implements Fault {}
        record Delay(long millis) implements Fault {}
        record NonFinite() implements Fault {}
        record Throws(String why) implements Fault {}
        /** The worker's executor goes away: it never reports, and the engine learns of the loss. */
        record Lost() implements Fault {}
    }

    @FunctionalInterface
    interface Faults {
        Fault at(long round, int worker);

        Faults NONE = (r, w) -> new Fault.None();
    }

    private sealed interface Report {
        record Result(int worker, WorkerResult result, long atNanos) implements Report {}
        record Failure(int worker, String why) implements Report {}
        record Lost(int worker) implements Report {}
    }

    private final List<WorkerShard> shards;
    private final GradientTask task;
    private final Faults faults;
    private final ExecutorService threads;
    /** Tasks that noticed their cancellation (a delayed straggler that was cut off). */
    final AtomicInteger cancelledTasks = new AtomicInteger();

    FaultyRoundExecutor(List<WorkerShard> shards, GradientTask task, Faults faults) {
        this.shards = List.copyOf(shards);
        this.task = task;
        this.faults = faults;
        this.threads = Executors.newFixedThreadPool(shards.size());
    }

    @Override
    public int workers() { return shards.size(); }

    @Override
    public RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout, GradientSum sum) {
        long start = System.nanoTime();
        RoundCollector collector = new RoundCollector(round, shards.size(), awaitCount, start, sum);
        LinkedBlockingQueue<Report> queue = new LinkedBlockingQueue<>();
        AtomicBoolean cut = new AtomicBoolean();
        TaskControl control = cut::get;
        for (WorkerShard shard : shards) {
            if (faults.at(round, shard.index()) instanceof Fault.Lost) {
                queue.offer(new Report.Lost(shard.index()));
                continue;
            }
            threads.submit(() -> {
                try {
                    queue.offer(run(round, shard, input, control));
                } catch (TaskCancelledException e) {
                    cancelledTasks.incrementAndGet();
                } catch (RuntimeException e) {
                    queue.offer(new Report.Failure(shard.index(), e.getMessage()));
                }
            });
        }
        long deadline = start + timeout.toNanos();
        try {
            while (collector.waiting()) {
                Report r = queue.poll(5, TimeUnit.MILLISECONDS);
                if (r == null) {
                    if (System.nanoTime() > deadline) throw collector.timedOut(timeout.toSeconds());
                } else if (r instanceof Report.Result x) {
                    collector.arrived(x.worker(), x.result(), x.atNanos());
                } else if (r instanceof Report.Failure f) {
                    collector.failed(f.worker(), f.why());
                } else if (r instanceof Report.Lost l) {
                    collector.lost(l.worker());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(round, "interrupted", e);
        } finally {
            cut.set(true);
        }
        for (Report r = queue.poll(); r != null; r = queue.poll()) {
            if (r instanceof Report.Result x) collector.late(x.result());
        }
        return collector.outcome();
    }

    private Report run(long round, WorkerShard shard, RoundInput input, TaskControl control) {
        Fault fault = faults.at(round, shard.index());
        if (fault instanceof Fault.Delay d) control.sleep(d.millis(), "injected delay");
        if (fault instanceof Fault.Throws t) throw new IllegalStateException(t.why());
        WorkerResult r = task.run(round, shard, input, control);
        if (fault instanceof Fault.NonFinite) {
            r = new WorkerResult(r.round(), r.worker(), r.gradientSum(), r.count(), Double.NaN, r.computeNanos(),
                    r.injectedDelayNanos(), r.executorId(), r.logits(), r.exampleIds(), r.skipped(), r.gradientNormSq());
        }
        return new Report.Result(shard.index(), r, System.nanoTime());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
