package org.sparkharness.driver.rounds;

import java.util.function.Consumer;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;

/**
 * The cadence of a training run, written once for the parameter server and the federated coordinator: play each
 * round, evaluate every {@code evalEvery} rounds and after the last, stop early when the {@link StopRule} is met,
 * write one metrics line per round, print a progress line every {@code logEvery} rounds (and on evaluations,
 * noteworthy rounds and the last), checkpoint every {@code checkpointEvery} rounds and after the last.
 */
public final class RoundLoop {
    /**
     * @param lastRound       the round to run to (inclusive)
     * @param evalEvery       evaluate every this many rounds
     * @param logEvery        print a progress line every this many rounds
     * @param checkpointEvery checkpoint every this many rounds
     * @param stop            when to stop before {@code lastRound}
     */
    public record Cadence(long lastRound, int evalEvery, int logEvery, int checkpointEvery, StopRule stop) {
        public Cadence {
            if (evalEvery < 1 || logEvery < 1 || checkpointEvery < 1) {
                throw new IllegalArgumentException("cadences must be positive: evalEvery " + evalEvery
                        + ", logEvery " + logEvery + ", checkpointEvery " + checkpointEvery);
            }
        }
    }

    /**
     * How the loop ended.
     *
     * @param lastRound       the last round completed
     * @param lastEval        the last evaluation (one is made at the end if no round ran)
     * @param seconds         wall seconds of the loop in this process
     * @param evalSeconds     of which evaluating
     * @param secondsToTarget training seconds (evaluation excluded) until the stop rule was first met; NaN if never
     */
    public record Result(long lastRound, Evaluation lastEval, double seconds, double evalSeconds,
                         double secondsToTarget) {
        public double trainSeconds() { return seconds - evalSeconds; }
    }

    private final Cadence cadence;
    private final MetricsLog metrics;
    private final CheckpointStore checkpoints;
    private final Consumer<String> progress;

    /**
     * @param metrics     may be null (no metrics file)
     * @param checkpoints may be null (no checkpoints)
     */
    public RoundLoop(Cadence cadence, MetricsLog metrics, CheckpointStore checkpoints, Consumer<String> progress) {
        this.cadence = cadence;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.progress = progress;
    }

    /** Runs rounds {@code completed + 1 … lastRound} of {@code server}. */
    public <E extends RoundEvent> Result run(RoundServer<E> server, long completed) {
        progress.accept(server.describe(completed + 1, cadence.lastRound()));
        long t0 = System.nanoTime(), evalNanos = 0;
        double secondsToTarget = Double.NaN;
        Evaluation lastEval = null;
        long round = completed;
        while (round < cadence.lastRound()) {
            round++;
            E event = server.play(round);
            boolean last = round == cadence.lastRound();
            Evaluation eval = null;
            double evalMs = Double.NaN;
            if (round % cadence.evalEvery() == 0 || last) {
                long e0 = System.nanoTime();
                eval = server.evaluate(round);
                long took = System.nanoTime() - e0;
                evalNanos += took;
                evalMs = took / 1e6;
                lastEval = eval;
                if (Double.isNaN(secondsToTarget) && cadence.stop().reached(eval)) {
                    secondsToTarget = (System.nanoTime() - t0 - evalNanos) / 1e9;
                    last = true;
                }
            }
            if (metrics != null) metrics.write(event, eval, evalMs, (System.nanoTime() - t0) / 1e9);
            if (round % cadence.logEvery() == 0 || last || eval != null || event.noteworthy()) {
                progress.accept(server.progressLine(event, eval, cadence.lastRound()));
            }
            if (checkpoints != null && (round % cadence.checkpointEvery() == 0 || last)) {
                checkpoints.save(server.checkpoint(round));
            }
            if (last) break;
        }
        if (lastEval == null) {
            long e0 = System.nanoTime();
            lastEval = server.evaluate(round);
            evalNanos += System.nanoTime() - e0;
        }
        return new Result(round, lastEval, (System.nanoTime() - t0) / 1e9, evalNanos / 1e9, secondsToTarget);
    }
}
