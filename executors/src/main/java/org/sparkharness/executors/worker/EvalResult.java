package org.sparkharness.executors.worker;

import java.io.Serializable;

/**
 * Evaluation counts over some examples; a monoid, so partial results merge.
 *
 * @param correct    examples whose largest output is their class (classification; 0 for regression)
 * @param count      examples evaluated
 * @param lossSum    summed per-example loss (cross-entropy, or for regression the squared error averaged over the
 *                   targets, so that {@link #meanLoss} is the mean squared error)
 * @param regression whether the examples have real targets rather than classes (then there is no accuracy)
 */
public record EvalResult(long correct, long count, double lossSum, boolean regression) implements Serializable {
    public static final EvalResult EMPTY = new EvalResult(0, 0, 0.0, false);

    /** Counts of a classifier. */
    public EvalResult(long correct, long count, double lossSum) {
        this(correct, count, lossSum, false);
    }

    public EvalResult merge(EvalResult other) {
        return new EvalResult(correct + other.correct, count + other.count, lossSum + other.lossSum,
                regression || other.regression);
    }

    /** Share of examples classified correctly; NaN for regression or when nothing was evaluated. */
    public double accuracy() { return count == 0 || regression ? Double.NaN : (double) correct / count; }

    public double meanLoss() { return count == 0 ? Double.NaN : lossSum / count; }

    /** Root mean squared error of a regression (over examples and targets); NaN for classification. */
    public double rmse() { return regression ? Math.sqrt(meanLoss()) : Double.NaN; }
}
