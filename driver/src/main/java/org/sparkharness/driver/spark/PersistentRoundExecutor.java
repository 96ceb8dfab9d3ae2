package org.sparkharness.driver.spark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.driver.ps.RoundCollector;
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.ps.RoundFailedException;
import org.sparkharness.driver.ps.RoundOutcome;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.rounds.PersistentWorker;
import org.sparkharness.executors.rounds.RoundWire;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.config.ConfigException;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The persistent engine ({@code ps.engine: persistent}): one ordinary Spark job of n long-lived tasks serves every
 * round. Each task holds its training shard and the test shard of the same index and talks to the driver through a
 * {@link RoundEndpoint}; a round is a published command and the first k finite results of its version, with no
 * Spark job, broadcast or task launch in between. Evaluation goes to the same tasks (their slots are taken, so a
 * separate evaluation job could not run). Results of a closed round are dropped as late; workers still computing it
 * are told, and stop at their next minibatch boundary.
 */
public final class PersistentRoundExecutor implements RoundExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRoundExecutor.class);
    private static final long POLL_MS = 20;

    private final RoundEndpoint endpoint;
    private final SimpleFutureAction<BoxedUnit> job;
    private final int workers;
    private final Duration evalTimeout;
    private final Duration rejoinTimeout;
    private final Duration workerTimeout;
    private final SparkContext sc;
    /** Each worker's current Spark task attempt id (−1 until it connects). */
    private final long[] taskIds;
    /** Workers whose task or executor went away and has not connected again, with when that was noticed. */
    private final Map<Integer, Long> absentSince = new TreeMap<>();
    private long evaluations;

    /**
     * Starts the endpoint and the worker job and waits until every worker has connected.
     *
     * @param train   one cached shard per worker
     * @param test    the test rows in as many partitions as {@code train} (some may be empty)
     * @param port    the endpoint's port, 0 for any free one
     * @param startup how long the workers may take to connect (they need n free task slots)
     * @param quiet   longest wait for a command on a worker, and for an evaluation on the driver
     * @param rejoin  how long a round that needs every worker (b = 0) waits for a lost worker's replacement
     * @param maxWorkerFailures rounds in a row a worker's computation may throw before its task ends (and Spark
     *                          retries it)
     * @param workerTimeout how long a round waits for a worker before its task attempt is killed as hung (Spark
     *                      starts another)
     */
    public PersistentRoundExecutor(JavaSparkContext jsc, JavaRDD<WorkerShard> train, JavaRDD<WorkerShard> test,
                                   GradientTask task, EvalTask eval, int port, Duration startup, Duration quiet,
                                   Duration rejoin, int maxWorkerFailures, Duration workerTimeout) {
        this.workers = train.getNumPartitions();
        int slots = TaskSlots.localSlots(jsc.sc().master());
        if (slots > 0 && slots < workers) {
            // A local master's slots are known now: say so at once rather than after the start-up timeout.
            throw new ConfigException("ps.workers", workers, "the persistent engine runs one task per worker at once, "
                    + "but the master " + jsc.sc().master() + " has " + slots + " task slots: use local[" + workers
                    + "] (the default), fewer workers, or ps.engine: jobs");
        }
        this.evalTimeout = quiet;
        this.rejoinTimeout = rejoin;
        this.workerTimeout = workerTimeout;
        this.sc = jsc.sc();
        this.taskIds = new long[workers];
        java.util.Arrays.fill(taskIds, -1);
        if (test.getNumPartitions() != workers) {
            throw new IllegalArgumentException("the test shards must have one partition per worker (" + workers
                    + "), not " + test.getNumPartitions());
        }
        this.endpoint = RoundEndpoint.forDriver(jsc.getConf(), port, workers, quiet.toSeconds());
        String host = jsc.getConf().get("spark.driver.host", "localhost");
        PersistentWorker worker = new PersistentWorker(host, endpoint.port(), task, eval, quiet.toSeconds(),
                maxWorkerFailures);
        JavaRDD<Long> served = train.zipPartitions(test, (a, b) ->
                List.of(worker.serve(a.next(), b.hasNext() ? b.next() : null)).iterator());
        SparkContext sc = jsc.sc();
        sc.setLocalProperty("spark.job.description", "ps workers (persistent engine, " + workers + " tasks)");
        this.job = sc.submitJob(served.rdd(), ScalaFunctions.partition((java.util.Iterator<Long> it) -> it.next()),
                ScalaFunctions.ints(IntStream.range(0, workers).boxed().toList()),
                ScalaFunctions.<Long>handler((index, rounds) -> {}), ScalaFunctions.unit());
        sc.setLocalProperty("spark.job.description", null);
        try {
            awaitJoined(startup);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitJoined(Duration startup) {
        Set<Integer> joined = new TreeSet<>();
        long deadline = System.nanoTime() + startup.toNanos();
        try {
            while (joined.size() < workers) {
                RoundEndpoint.Event e = endpoint.events().poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (e instanceof RoundEndpoint.Joined j) {
                    joined.add(j.worker());
                    taskIds[j.worker()] = j.taskId();
                }
                failIfJobEnded(-1);
                if (System.nanoTime() > deadline) {
                    throw new RoundFailedException(0, "only " + joined.size() + " of " + workers + " persistent worker "
                            + "tasks started in " + startup.toSeconds() + " s (ps.startupTimeoutSeconds): "
                            + TaskSlots.shortOf(sc, workers, TaskSlots.granted(sc), "ps.workers = " + workers, startup),
                            null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(0, "interrupted while the workers started", e);
        }
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public RoundOutcome run(long round, RoundInput input, int awaitCount, Duration timeout, GradientSum sum) {
        if (awaitCount < 1 || awaitCount > workers) {
            throw new IllegalArgumentException("awaitCount " + awaitCount + " outside [1, " + workers + "]");
        }
        long start = System.nanoTime();
        endpoint.publish(RoundWire.TRAIN, round, input);
        RoundCollector collector = new RoundCollector(round, workers, awaitCount, start, sum);
        Set<Integer> hung = new TreeSet<>();
        long deadline = start + timeout.toNanos();
        try {
            while (collector.waiting()) {
                giveUpOnAbsent(round, awaitCount, collector);
                if (System.nanoTime() - start > workerTimeout.toNanos()) killHung(round, collector, hung);
                if (!collector.waiting()) break;
                RoundEndpoint.Event e = endpoint.events().poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (e == null) {
                    failIfJobEnded(round);
                    if (System.nanoTime() > deadline) throw collector.timedOut(timeout.toSeconds());
                    continue;
                }
                if (e instanceof RoundEndpoint.Trained t) {
                    if (t.version() == round) collector.arrived(t.worker(), t.result(), t.nanos());
                    else collector.late(t.result());
                } else if (e instanceof RoundEndpoint.Failed f && f.version() == round) {
                    collector.failed(f.worker(), f.why());
                } else if (e instanceof RoundEndpoint.Lost l) {
                    LOG.warn("round {}: lost worker {} ({}); Spark restarts its task", round, l.worker(), l.address());
                    absentSince.putIfAbsent(l.worker(), System.nanoTime());
                } else if (e instanceof RoundEndpoint.Joined j) {
                    taskIds[j.worker()] = j.taskId();
                    if (absentSince.remove(j.worker()) == null) continue;
                    // Its new task was handed this round's command on connecting: its result still counts (unless
                    // it was the one killed for hanging in this round).
                    LOG.warn("round {}: worker {} rejoined (task attempt {})", round, j.worker(), j.attempt());
                    collector.rejoined(j.worker(), !hung.contains(j.worker()));
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(round, "interrupted", ex);
        }
        endpoint.closeRound(round);
        List<Integer> cancelled = collector.unreported();
        if (!cancelled.isEmpty()) endpoint.cancel(round, cancelled);
        return collector.outcome();
    }

    /**
     * Kills the task attempts of the workers that have not reported within {@code workerTimeout} (Spark starts new
     * ones, which rejoin) and counts them as lost for this round.
     */
    private void killHung(long round, RoundCollector collector, Set<Integer> hung) {
        for (int w = 0; w < workers; w++) {
            if (collector.reported(w) || absentSince.containsKey(w)) continue;
            String why = "no result for round " + round + " in " + workerTimeout.toSeconds() + " s (ps.workerTimeoutSeconds)";
            LOG.warn("round {}: worker {} is hung: killing its task attempt {} so Spark starts another", round, w,
                    taskIds[w]);
            endpoint.forget(w);
            if (taskIds[w] >= 0) sc.killTaskAttempt(taskIds[w], true, why);
            absentSince.put(w, System.nanoTime());
            hung.add(w);
            collector.lost(w);
        }
    }

    /**
     * Counts absent workers as lost for this round, so it can close without them: at once when the round can close
     * on the others (b ≥ 1), after {@code rejoinTimeout} from their loss when it needs every worker (b = 0).
     */
    private void giveUpOnAbsent(long round, int awaitCount, RoundCollector collector) {
        long now = System.nanoTime();
        for (Map.Entry<Integer, Long> a : absentSince.entrySet()) {
            int w = a.getKey();
            if (collector.reported(w)) continue;
            boolean overdue = now - a.getValue() > rejoinTimeout.toNanos();
            if (awaitCount < workers || overdue) {
                if (awaitCount == workers) {
                    LOG.warn("round {}: worker {} has not rejoined in {} s; going on without it", round, w,
                            rejoinTimeout.toSeconds());
                }
                collector.lost(w);
            }
        }
    }

    /**
     * Accuracy and loss of {@code flatParams} over every worker's test shard, computed by the worker tasks; a shard
     * whose evaluation throws is left out with a warning.
     */
    public EvalResult evaluate(INDArray flatParams) {
        long id = evaluations++;
        endpoint.publish(RoundWire.EVAL, id, flatParams);
        EvalResult total = EvalResult.EMPTY;
        Set<Integer> done = new TreeSet<>();
        for (int w : absentSince.keySet()) {
            LOG.warn("evaluation {}: worker {} is absent; its test shard left out", id, w);
            done.add(w);
        }
        long deadline = System.nanoTime() + evalTimeout.toNanos();
        try {
            while (done.size() < workers) {
                RoundEndpoint.Event e = endpoint.events().poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (e == null) {
                    failIfJobEnded(-1);
                    if (System.nanoTime() > deadline) {
                        throw new RoundFailedException(-1, "evaluation " + id + " timed out after "
                                + evalTimeout.toSeconds() + " s with " + done.size() + " of " + workers + " shards", null);
                    }
                    continue;
                }
                if (e instanceof RoundEndpoint.Evaluated v && v.version() == id && done.add(v.worker())) {
                    total = total.merge(v.result());
                } else if (e instanceof RoundEndpoint.EvalFailed f && f.version() == id && done.add(f.worker())) {
                    // The figure then covers the other shards only: said in the log, never silently.
                    LOG.warn("evaluation {}: worker {}'s test shard left out: {}", id, f.worker(), f.why());
                } else if (e instanceof RoundEndpoint.Lost l) {
                    absentSince.putIfAbsent(l.worker(), System.nanoTime());
                    if (done.add(l.worker())) {
                        LOG.warn("evaluation {}: worker {} lost ({}); its test shard left out", id, l.worker(), l.address());
                    }
                } else if (e instanceof RoundEndpoint.Joined j) {
                    absentSince.remove(j.worker());
                    taskIds[j.worker()] = j.taskId();
                } else if (e instanceof RoundEndpoint.Trained t) {
                    release(t.result());
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RoundFailedException(-1, "interrupted during evaluation", ex);
        }
        return total;
    }

    /** Tells the workers to stop, waits briefly for their job to end, and closes the endpoint. */
    @Override
    public void close() {
        try {
            endpoint.publish(RoundWire.STOP, -1, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!job.isCompleted() && System.nanoTime() < deadline) Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!job.isCompleted()) job.cancel();
            endpoint.close();
        }
    }

    private void failIfJobEnded(long round) {
        if (!job.isCompleted()) return;
        Try<BoxedUnit> result = job.value().get();
        String why = result.isFailure() ? result.failed().get().getMessage() : "it ended before training did";
        throw new RoundFailedException(round, "the persistent worker job stopped: " + why,
                result.isFailure() ? result.failed().get() : null);
    }

    private static void release(WorkerResult r) {
        RoundExecutor.release(r);
        NativeMemory.release(r.logits());
    }
}
