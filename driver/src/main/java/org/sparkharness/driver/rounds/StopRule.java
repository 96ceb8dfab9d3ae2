package org.sparkharness.driver.rounds;

/**
 * Stop before the last round once an evaluation reaches a target: accuracy at least {@code accuracy}, or loss at
 * most {@code loss}. Either may be null (not a target).
 */
public record StopRule(Double accuracy, Double loss) {
    /** No target: run every round. */
    public static final StopRule NEVER = new StopRule(null, null);

    public boolean reached(Evaluation e) {
        return accuracy != null && e.accuracy() >= accuracy || loss != null && e.loss() <= loss;
    }
}
