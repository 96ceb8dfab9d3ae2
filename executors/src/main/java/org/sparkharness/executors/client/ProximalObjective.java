package org.sparkharness.executors.client;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedProx's local objective h(w) = F(w) + (μ/2)·‖w − w_t‖² (Li et al. 2020, arXiv 1812.06127, §3; the official
 * solver adds μ(w − w_t) to the minibatch gradient). The anchor w_t is the round's starting point, held as its own
 * copy so that it can never alias the parameters being trained (the bug of flower PR #1654). Any optimizer can run
 * on it, SAM and Sven included (per-example losses each carry the term, so their Jacobian rows carry its gradient).
 */
public final class ProximalObjective implements Objective {
    private final Objective inner;
    private final ParamTable anchor;
    private final double mu;

    /**
     * @param anchor w_t; duplicated here, so later changes to the caller's arrays cannot reach it
     * @param mu     μ ≥ 0; 0 leaves {@code inner} unchanged
     */
    public ProximalObjective(Objective inner, ParamTable anchor, double mu) {
        this.mu = ProximalTerm.requireValidMu(mu);
        this.inner = Objects.requireNonNull(inner, "inner");
        this.anchor = Objects.requireNonNull(anchor, "anchor").dup();
    }

    /** {@code template}'s anchor and μ (already owned) around {@code inner}. */
    private ProximalObjective(ProximalObjective template, Objective inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.anchor = template.anchor;
        this.mu = template.mu;
    }

    /** The same anchor and μ around another minibatch's objective (no second copy of the anchor). */
    public ProximalObjective around(Objective otherInner) {
        return new ProximalObjective(this, otherInner);
    }

    @Override
    public Evaluation evaluate(ParamTable params) {
        Evaluation e = inner.evaluate(params);
        if (mu == 0) return e;
        ParamTable diff = ProximalTerm.difference(params, anchor);
        double loss = e.loss() + ProximalTerm.value(mu, ProximalTerm.squaredNorm(diff));
        // g + μ·d into g's own array (objectives return fresh gradients for every call), then free d
        ParamTable g = e.gradient().mapNamed((name, gi) -> ProximalTerm.addGradient(gi, diff.get(name), mu));
        org.sparkharness.executors.model.NativeMemory.release(diff);
        return new Evaluation(loss, g);
    }

    @Override
    public PerExample perExample(ParamTable params) {
        PerExample p = inner.perExample(params);
        if (mu == 0) return p;
        ParamTable diff = ProximalTerm.difference(params, anchor);
        INDArray losses = p.losses().add(ProximalTerm.value(mu, ProximalTerm.squaredNorm(diff)));
        INDArray rowTerm = ProximalTerm.gradientInPlace(diff.flatten(), mu).castTo(p.jacobian().dataType());
        INDArray jacobian = p.jacobian().addRowVector(rowTerm);
        return new PerExample(losses, jacobian);
    }
}
