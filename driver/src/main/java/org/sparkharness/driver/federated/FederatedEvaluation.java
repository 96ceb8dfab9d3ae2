package org.sparkharness.driver.federated;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.sparkharness.driver.rounds.Evaluation;

/**
 * Every client evaluated after a round ({@link EvalStats}'s fields) and which model counts as a client's own
 * ({@code personal_model}). Accuracy and loss are the global model's on the pooled test splits.
 */
public record FederatedEvaluation(@JsonUnwrapped EvalStats stats,
                                  @JsonProperty("personal_model") String personalModel) implements Evaluation {
    @Override
    public double accuracy() { return stats.globalAccuracy(); }

    @Override
    public double loss() { return stats.globalLoss(); }
}
