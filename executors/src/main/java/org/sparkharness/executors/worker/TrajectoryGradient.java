package org.sparkharness.executors.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.executors.objective.TrajectoryTermLoss;

/**
 * SAF and MESA on a worker: the minibatch gradient of cross-entropy plus the trajectory term, whose targets come from
 * the round's broadcast: SAF's logits recorded E epochs ago for this worker's examples, or MESA's EMA teacher (one
 * extra forward pass). Without targets (outside the active epochs) it is the plain gradient. With
 * {@code recordLogits} the current logits go back to the server, which keeps SAF's memory.
 *
 * @param tau          temperature τ
 * @param lambda       weight λ
 * @param recordLogits return the minibatch's logits (SAF)
 */
public record TrajectoryGradient(double tau, double lambda, boolean recordLogits) implements LocalRule {
    /** Floor for teacher probabilities before the log: a float32 softmax can underflow to exactly 0. */
    private static final double MIN_PROB = 1e-30;

    @Override
    public LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input) {
        INDArray past = null;
        INDArray mask = null;
        if (input.teacher() != null) {
            network.setFlatParams(input.teacher());
            // log-probabilities equal the teacher's logits up to a per-row constant, which softmax ignores.
            past = Transforms.log(Transforms.max(network.network().output(batch.features(), false), MIN_PROB, false),
                    false);
            mask = Nd4j.ones(past.dataType(), batch.size());
        } else {
            RoundInput.PastLogits p = input.pastLogits().get(batch.worker());
            if (p != null) {
                past = p.logits();
                mask = p.mask();
            }
        }
        org.sparkharness.executors.model.OutputLayers layer = network.network().outputLayer();
        ILossFunction own = layer.loss();
        TrajectoryTermLoss loss = new TrajectoryTermLoss(own, past, mask, tau, lambda);
        NetworkObjective.FlatEvaluation e;
        layer.setLoss(loss);
        try {
            e = new NetworkObjective(network, batch.features(), batch.labels()).evaluateFlat(input.params());
        } finally {
            layer.setLoss(own);
        }
        return new LocalOutput(e.gradientSum(), e.meanLoss(), recordLogits ? loss.lastLogits() : null, false);
    }
}
