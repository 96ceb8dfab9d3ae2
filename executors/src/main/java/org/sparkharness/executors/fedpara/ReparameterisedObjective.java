package org.sparkharness.executors.fedpara;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/**
 * An {@link Objective} over a trainable table: evaluates {@code dense} at {@code compose(w)} and pulls gradients
 * back, so any optimizer can train FedPara factors (arXiv 2108.06098) without knowing they are factors. Holds no
 * state of its own; thread-safety is that of {@code dense}.
 */
public final class ReparameterisedObjective implements Objective {
    private final Objective dense;
    private final Parameterisation parameterisation;

    public ReparameterisedObjective(Objective dense, Parameterisation p) {
        this.dense = Objects.requireNonNull(dense, "dense");
        this.parameterisation = Objects.requireNonNull(p, "parameterisation");
    }

    public Parameterisation parameterisation() {
        return parameterisation;
    }

    @Override
    public Evaluation evaluate(ParamTable params) {
        Evaluation e = dense.evaluate(parameterisation.compose(params));
        return new Evaluation(e.loss(), parameterisation.pullBack(params, e.gradient()));
    }

    /**
     * Per-example losses and the Jacobian over the trainable table ({@link ParamTable#flatten()} order): each row of
     * the dense Jacobian is pulled back on its own, B pull-backs in all.
     */
    @Override
    public PerExample perExample(ParamTable params) {
        ParamTable composed = parameterisation.compose(params);
        PerExample pe = dense.perExample(composed);
        long b = pe.losses().length();
        INDArray jacobian = Nd4j.create(pe.jacobian().dataType(), b, params.numParams());
        for (long i = 0; i < b; i++) {
            ParamTable row = composed.unflatten(pe.jacobian().getRow(i));
            jacobian.putRow(i, parameterisation.pullBack(params, row).flatten().castTo(jacobian.dataType()));
        }
        return new PerExample(pe.losses(), jacobian);
    }
}
