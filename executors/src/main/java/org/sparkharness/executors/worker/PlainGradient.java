package org.sparkharness.executors.worker;

import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;

/** The minibatch gradient at the broadcast parameters: what every first-order optimizer consumes. */
public record PlainGradient() implements LocalRule {
    @Override
    public LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input) {
        NetworkObjective.FlatEvaluation e = new NetworkObjective(network, batch.features(), batch.labels())
                .evaluateFlat(input.params());
        return LocalOutput.of(e.gradientSum(), e.meanLoss());
    }
}
