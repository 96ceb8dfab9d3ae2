package org.sparkharness.driver.ps;

import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.optimizers.ParamTable;

/**
 * How a training run ended.
 *
 * @param secondsToTarget wall seconds (this process) until test accuracy first reached ps.stopAtAccuracy; NaN if never
 */
public record TrainingSummary(long rounds, ParamTable params, EvalResult lastEval, double trainSeconds,
                              long examples, long rejectedResults, double secondsToTarget) {
    public double examplesPerSecond() { return examples / trainSeconds; }
}
