package org.sparkharness.driver.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/** The shared cadence with a server that records what the loop asked of it. */
class RoundLoopTest {
    private record Event(long round, boolean noteworthy) implements RoundEvent {}

    private record Eval(double accuracy, double loss) implements Evaluation {}

    /** Accuracy 0.1 per round played; rounds for which {@code noteworthy} holds ask for a line. */
    private static final class Recorder implements RoundServer<Event> {
        final List<Long> played = new ArrayList<>(), evaluated = new ArrayList<>(), checkpointed = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        final LongPredicate noteworthy;
        final long failAt;
        long last;

        Recorder(LongPredicate noteworthy, long failAt) {
            this.noteworthy = noteworthy;
            this.failAt = failAt;
        }

        @Override public String describe(long first, long lastRound) { return "rounds " + first + ".." + lastRound; }

        @Override public Event play(long round) {
            if (round == failAt) throw new IllegalStateException("round " + round + " cannot go on");
            played.add(round);
            last = round;
            return new Event(round, noteworthy.test(round));
        }

        @Override public Evaluation evaluate(long round) {
            evaluated.add(round);
            return new Eval(0.1 * last, 1.0 / last);
        }

        @Override public Checkpoint checkpoint(long round) {
            checkpointed.add(round);
            return Checkpoint.start(1, ParamTable.of(Map.of()), OptimizerState.initial(Map.of()));
        }

        @Override public String progressLine(Event e, Evaluation eval, long lastRound) {
            String line = "round " + e.round() + (eval == null ? "" : " eval");
            lines.add(line);
            return line;
        }
    }

    private static RoundLoop.Result run(Recorder server, RoundLoop.Cadence cadence, long completed) {
        List<String> progress = new ArrayList<>();
        // Checkpoints go through the server; the store itself is tested elsewhere, so none is written here.
        return new RoundLoop(cadence, null, null, progress::add).run(new CheckpointCounting(server), completed);
    }

    /** Asks the server for its checkpoint on the loop's schedule, as a store would receive it. */
    private record CheckpointCounting(Recorder inner) implements RoundServer<Event> {
        @Override public String describe(long first, long last) { return inner.describe(first, last); }
        @Override public Event play(long round) { return inner.play(round); }
        @Override public Evaluation evaluate(long round) { return inner.evaluate(round); }
        @Override public Checkpoint checkpoint(long round) { return inner.checkpoint(round); }
        @Override public String progressLine(Event e, Evaluation eval, long last) { return inner.progressLine(e, eval, last); }
    }

    @Test
    void evaluatesLogsAndStopsOnTheirCadencesAndAfterTheLastRound() {
        Recorder s = new Recorder(r -> r == 5, -1);
        RoundLoop.Result r = run(s, new RoundLoop.Cadence(10, 3, 4, 4, StopRule.NEVER), 0);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), s.played);
        assertEquals(List.of(3L, 6L, 9L, 10L), s.evaluated);
        // Every 4th round, every evaluation, the noteworthy round 5 and the last.
        assertEquals(List.of("round 3 eval", "round 4", "round 5", "round 6 eval", "round 8", "round 9 eval",
                "round 10 eval"), s.lines);
        assertEquals(10, r.lastRound());
        assertEquals(1.0, r.lastEval().accuracy(), 1e-12);
        assertTrue(Double.isNaN(r.secondsToTarget()));
    }

    @Test
    void aResumedLoopRunsOnlyTheRoundsAfterTheCheckpoint() {
        Recorder s = new Recorder(r -> false, -1);
        run(s, new RoundLoop.Cadence(6, 2, 1, 2, StopRule.NEVER), 4);
        assertEquals(List.of(5L, 6L), s.played);
        assertEquals(List.of(6L), s.evaluated);
    }

    @Test
    void stopsAtTheFirstEvaluationThatReachesTheTargetAndSaysWhen() {
        Recorder s = new Recorder(r -> false, -1);
        RoundLoop.Result r = run(s, new RoundLoop.Cadence(100, 2, 50, 50, new StopRule(0.55, null)), 0);
        assertEquals(6, r.lastRound(), "0.6 at round 6 is the first evaluated accuracy >= 0.55");
        assertEquals(List.of(2L, 4L, 6L), s.evaluated);
        assertTrue(r.secondsToTarget() >= 0);
        assertEquals("round 6 eval", s.lines.get(s.lines.size() - 1));
    }

    @Test
    void aLossTargetStopsToo() {
        Recorder s = new Recorder(r -> false, -1);
        RoundLoop.Result r = run(s, new RoundLoop.Cadence(100, 1, 50, 50, new StopRule(null, 0.25)), 0);
        assertEquals(4, r.lastRound());
    }

    @Test
    void aRoundThatThrowsEndsTheLoopWithoutALaterCheckpoint() {
        Recorder s = new Recorder(r -> false, 3);
        RoundLoop loop = new RoundLoop(new RoundLoop.Cadence(10, 1, 1, 1, StopRule.NEVER), null, null, l -> {});
        assertThrows(IllegalStateException.class, () -> loop.run(s, 0));
        assertEquals(List.of(1L, 2L), s.played);
    }

    @Test
    void withNoRoundLeftTheModelIsStillEvaluatedOnce() {
        Recorder s = new Recorder(r -> false, -1);
        RoundLoop.Result r = run(s, new RoundLoop.Cadence(5, 1, 1, 1, StopRule.NEVER), 5);
        assertEquals(5, r.lastRound());
        assertEquals(List.of(5L), s.evaluated);
    }
}
