package org.sparkharness.executors.worker;

import java.io.Serializable;

/** Classification counts and summed loss over some examples; a monoid, so partial results merge. */
public record EvalResult(long correct, long count, double lossSum) implements Serializable {
    public static final EvalResult EMPTY = new EvalResult(0, 0, 0.0);

    public EvalResult merge(EvalResult other) {
        return new EvalResult(correct + other.correct, count + other.count, lossSum + other.lossSum);
    }

    public double accuracy() { return count == 0 ? Double.NaN : (double) correct / count; }

    public double meanLoss() { return count == 0 ? Double.NaN : lossSum / count; }
}
