package org.sparkharness.driver.ps;

import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.optimizers.ParamTable;

/**
 * How a training run ended.
 *
 * @param trainSeconds    wall seconds of this process's rounds, evaluation excluded
 * @param evalSeconds     wall seconds spent evaluating
 * @param secondsToTarget training seconds (evaluation excluded) until test accuracy first reached
 *                        ps.stopAtAccuracy; NaN if never
 */
public record TrainingSummary(long rounds, ParamTable params, EvalResult lastEval, double trainSeconds,
                              double evalSeconds, long examples, long rejectedResults, double secondsToTarget) {
    public double examplesPerSecond() { return examples / trainSeconds; }
}
