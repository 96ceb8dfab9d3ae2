package org.sparkharness.driver.rounds;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The model evaluated after a round: its fields join that round's {@code metrics.jsonl} line. Accuracy and loss are
 * what a {@link StopRule} compares (NaN where a task has no accuracy).
 */
public interface Evaluation {
    @JsonIgnore
    double accuracy();

    @JsonIgnore
    double loss();
}
