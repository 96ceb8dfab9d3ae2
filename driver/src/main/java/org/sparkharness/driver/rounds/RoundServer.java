package org.sparkharness.driver.rounds;

import org.sparkharness.driver.run.Checkpoint;

/**
 * One server's side of the {@link RoundLoop}: what a round, an evaluation and a checkpoint are. The loop owns when
 * each happens.
 *
 * @param <E> the server's round event
 */
public interface RoundServer<E extends RoundEvent> {
    /** The line printed before the first round, e.g. the workers, policy and rounds {@code first..last}. */
    String describe(long firstRound, long lastRound);

    /**
     * Plays round {@code round} (from 1): configure it, run it on the executors, accept or reject what comes back,
     * aggregate or step. Throws to end the run (a round that cannot go on, or diverged parameters).
     */
    E play(long round);

    /** Evaluates the model as it stands after round {@code round}. */
    Evaluation evaluate(long round);

    /** Everything a resume needs after round {@code round}. */
    Checkpoint checkpoint(long round);

    /** The progress line of a round; {@code eval} is null on rounds without an evaluation. */
    String progressLine(E event, Evaluation eval, long lastRound);
}
