package org.sparkharness.executors.worker;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.Sam;

/**
 * SAM/ASAM on a worker: the gradient at w + e, where e is computed from this worker's own minibatch gradient at w
 * (per-replica perturbation, as google-research/sam does unless perturbations are synchronised). The server averages
 * these gradients and steps the base optimizer at w, so a round costs two forward/backward passes and one
 * broadcast, not two rounds. The perturbation maths is {@link Sam#perturbation}: the global norm over all parameters
 * is the same in the flat layout as in the named one, and ASAM's is elementwise.
 *
 * @param rho      neighbourhood radius ρ
 * @param adaptive ASAM (scale-invariant neighbourhood) instead of SAM
 */
public record SharpnessAwareGradient(double rho, boolean adaptive) implements LocalRule {
    private static final double NORM_EPS = 1e-12;
    private static final String ALL = "all";

    @Override
    public LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input) {
        NetworkObjective objective = new NetworkObjective(network, batch.features(), batch.labels());
        INDArray w = input.params();
        NetworkObjective.FlatEvaluation atW = objective.evaluateFlat(w);
        INDArray meanGrad = atW.gradientSum().div(batch.size());
        INDArray e = Sam.perturbation(ParamTable.of(Map.of(ALL, w)), ParamTable.of(Map.of(ALL, meanGrad)),
                rho, adaptive, NORM_EPS).e().get(ALL);
        INDArray perturbed = w.add(e);
        NetworkObjective.FlatEvaluation atPerturbed = objective.evaluateFlat(perturbed);
        for (INDArray a : new INDArray[] {meanGrad, e, perturbed, atW.gradientSum()}) a.close();
        // Reported loss is the one at w, as SAM implementations log it.
        return LocalOutput.of(atPerturbed.gradientSum(), atW.meanLoss());
    }
}
