package org.sparkharness.executors.worker;

import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.Sven;

/**
 * Sven on a worker: the truncated-pseudo-inverse direction δ from this worker's per-example residuals and their
 * Jacobian (one batched backward pass through {@link org.sparkharness.executors.model.PerExampleGradients}, or B
 * single-example passes for networks it does not cover). Shipping δ (P numbers) instead of the Jacobian (B×P) keeps the
 * round's traffic that of a gradient; the server applies θ ← θ − lr·mean(δ) over the accepted workers, the
 * count-weighted average of each worker's Sven step. δ is returned ×B so that the server's ΣG/Σm is that average.
 * Columns stay in the network's flat layout: δ = pinv(M)·R commutes with permuting M's columns.
 *
 * @param k     singular values kept at most
 * @param rtol  relative cut: keep S_i > rtol·S_0
 * @param kappa residual power: R = l^(κ/2)
 * @param tol   absolute cut on singular values
 */
public record SvenDirection(int k, double rtol, double kappa, double tol) implements LocalRule {
    @Override
    public LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input) {
        Objective.PerExample pe = new NetworkObjective(network, batch.features(), batch.labels())
                .perExampleFlat(input.params());
        Sven.Residuals r = Sven.residuals(pe.losses(), pe.jacobian(), kappa);
        Sven.Direction d = Sven.direction(r.jacobian(), r.r(), k, rtol, tol);
        double meanLoss = pe.losses().meanNumber().doubleValue();
        // The Jacobian is B×P (60 MB for the MLP at B = 64): free it now, not at the GC's leisure.
        if (r.jacobian() != pe.jacobian()) r.jacobian().close();
        pe.jacobian().close();
        return new LocalOutput(d.delta().reshape(d.delta().length()).mul(batch.size()), meanLoss, null, d.skipped());
    }
}
