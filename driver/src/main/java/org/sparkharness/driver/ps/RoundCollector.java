package org.sparkharness.driver.ps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.worker.WorkerResult;

/**
 * The driver's side of one round, whatever runs the workers: take results in arrival order, add each finite one to
 * the round's {@link GradientSum} and reject the rest, until {@code awaitCount} are accepted or every worker has
 * reported; then say who was cancelled and build the {@link RoundOutcome}. Not thread-safe: one driver thread feeds
 * it (executors queue what their callbacks receive).
 */
public final class RoundCollector {
    private static final Logger LOG = LoggerFactory.getLogger(RoundCollector.class);

    private final long round;
    private final int workers;
    private final int awaitCount;
    private final long startNanos;
    private final GradientSum sum;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Arrival> accepted = new ArrayList<>();
    private final List<Integer> rejected = new ArrayList<>();
    private final Set<Integer> reported = new TreeSet<>();
    private final Set<Integer> failed = new TreeSet<>();
    private final Set<Integer> lost = new TreeSet<>();
    private final Set<Integer> rejoined = new TreeSet<>();
    private int late;

    public RoundCollector(long round, int workers, int awaitCount, long startNanos, GradientSum sum) {
        if (awaitCount < 1 || awaitCount > workers) {
            throw new IllegalArgumentException("awaitCount " + awaitCount + " outside [1, " + workers + "]");
        }
        this.round = round;
        this.workers = workers;
        this.awaitCount = awaitCount;
        this.startNanos = startNanos;
        this.sum = sum;
    }

    /** Whether the round still waits: fewer than k accepted and some worker has not reported. */
    public boolean waiting() { return accepted.size() < awaitCount && reported.size() < workers; }

    public int acceptedCount() { return accepted.size(); }

    /**
     * A worker's result, received {@code atNanos} (System.nanoTime()). A worker that already reported, or a result
     * after the round stopped waiting, counts as late and its gradient is freed.
     */
    public void arrived(int worker, WorkerResult r, long atNanos) {
        if (!waiting() || !reported.add(worker)) {
            late(r);
            return;
        }
        long at = atNanos - startNanos;
        if (r.isFinite()) {
            Arrival a = new Arrival(worker, RoundExecutor.accept(r, sum), at);
            arrivals.add(a);
            accepted.add(a);
        } else {
            arrivals.add(new Arrival(worker, r.withoutGradient(), at));
            NativeMemory.release(r.gradientSum());
            rejected.add(worker);
            LOG.warn("round {}: rejected worker {}'s result: gradient or loss is NaN/Inf", round, worker);
        }
    }

    /** A worker whose computation threw: it reported, with nothing to use. */
    public void failed(int worker, String why) {
        if (!waiting() || !reported.add(worker)) return;
        rejected.add(worker);
        failed.add(worker);
        LOG.warn("round {}: worker {} failed: {}", round, worker, why);
    }

    /** Whether {@code worker} has reported this round (a result, a failure, or counted lost). */
    public boolean reported(int worker) { return reported.contains(worker); }

    /** A worker absent this round (its task or executor went away, or it hung and was killed). */
    public void lost(int worker) {
        if (!reported.add(worker)) return;
        rejected.add(worker);
        lost.add(worker);
    }

    /**
     * A worker whose restarted task connected during the round. With {@code countsAgain} a worker counted lost in
     * this round is awaited again (its new task was handed the round's command on connecting).
     */
    public void rejoined(int worker, boolean countsAgain) {
        rejoined.add(worker);
        if (countsAgain && lost.remove(worker)) {
            reported.remove(worker);
            rejected.remove(Integer.valueOf(worker));
        }
    }

    /** A result that came after the cut-off: not used, its gradient freed now. */
    public void late(WorkerResult r) {
        late++;
        NativeMemory.release(r.gradientSum());
    }

    /** Workers that have not reported: still running at the cut-off. */
    public List<Integer> unreported() {
        return IntStream.range(0, workers).filter(w -> !reported.contains(w)).boxed().toList();
    }

    /**
     * The round's outcome, accepted results sorted by worker (so b = 0 sums in a fixed order). Throws
     * {@link RoundFailedException} when nothing usable came back.
     */
    public RoundOutcome outcome() {
        long cutoff = arrivals.isEmpty() ? System.nanoTime() - startNanos : arrivals.get(arrivals.size() - 1).arrivalNanos();
        accepted.sort(Comparator.comparingInt(Arrival::worker));
        if (accepted.isEmpty()) {
            throw new RoundFailedException(round, "no usable result: workers " + rejected + " were rejected, failed or lost", null);
        }
        return new RoundOutcome(round, workers, awaitCount, accepted, rejected, arrivals, late, unreported(), cutoff,
                List.copyOf(failed), List.copyOf(lost), List.copyOf(rejoined));
    }

    /** The timeout error of a round that waited {@code seconds}. */
    public RoundFailedException timedOut(long seconds) {
        return new RoundFailedException(round, "timed out after " + seconds + " s with " + accepted.size() + " of "
                + awaitCount + " results", null);
    }
}
