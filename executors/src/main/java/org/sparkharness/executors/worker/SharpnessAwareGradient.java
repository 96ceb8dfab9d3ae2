package org.sparkharness.executors.worker;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.Sam;

/**
 * SAM/ASAM on a worker: the gradient at w + e, where e is computed from this worker's own minibatch gradient at w
 * (per-replica perturbation, as google-research/sam does unless perturbations are synchronised). The server averages
 * these gradients and steps the base optimizer at w, so a round costs two forward/backward passes and one
 * broadcast, not two rounds. The perturbation maths is {@link Sam#ascentPoint}: the global norm over all parameters
 * is the same in the flat layout as in the named one, and ASAM's is elementwise.
 *
 * @param rho      neighbourhood radius ρ
 * @param adaptive ASAM (scale-invariant neighbourhood) instead of SAM
 */
public record SharpnessAwareGradient(double rho, boolean adaptive) implements LocalRule {
    private static final String ALL = "all";

    @Override
    public LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input) {
        NetworkObjective objective = new NetworkObjective(network, batch.features(), batch.labels());
        INDArray w = input.params();
        NetworkObjective.FlatEvaluation atW = objective.evaluateFlat(w);
        // w + e straight from the gradient sum, in one pass: no mean gradient, e or |w|⊙g tensors (fresh native
        // memory is most of what the extra pass would otherwise cost besides its forward/backward).
        INDArray perturbed = Sam.ascentPoint(ParamTable.of(Map.of(ALL, w)), ParamTable.of(Map.of(ALL,
                atW.gradientSum())), batch.size(), rho, adaptive, Sam.NORM_EPS).get(ALL);
        NativeMemory.release(atW.gradientSum());
        NetworkObjective.FlatEvaluation atPerturbed = objective.evaluateFlat(perturbed);
        NativeMemory.release(perturbed);
        // Reported loss is the one at w, as SAM implementations log it.
        return LocalOutput.of(atPerturbed.gradientSum(), atW.meanLoss());
    }
}
