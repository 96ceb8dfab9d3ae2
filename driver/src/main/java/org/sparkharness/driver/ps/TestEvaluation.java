package org.sparkharness.driver.ps;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparkharness.driver.rounds.Absent;
import org.sparkharness.driver.rounds.Evaluation;
import org.sparkharness.executors.worker.EvalResult;

/**
 * The trained model on the test split: {@code test_accuracy} (classification) or {@code test_rmse} (regression),
 * and {@code test_loss}, in the round's metrics line.
 */
@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Absent.class)
public record TestEvaluation(@JsonIgnore EvalResult result) implements Evaluation {
    @JsonProperty("test_accuracy")
    Double testAccuracy() { return result.regression() ? null : result.accuracy(); }

    @JsonProperty("test_rmse")
    Double testRmse() { return result.regression() ? result.rmse() : null; }

    @JsonProperty("test_loss")
    double testLoss() { return result.meanLoss(); }

    @Override
    public double accuracy() { return result.accuracy(); }

    @Override
    public double loss() { return result.meanLoss(); }
}
