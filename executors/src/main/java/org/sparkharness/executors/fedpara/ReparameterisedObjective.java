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
        ParamTable composed = parameterisation.compose(params);
        Evaluation e = dense.evaluate(composed);
        ParamTable pulled = parameterisation.pullBack(params, e.gradient());
        // Composed weights and dense gradients are this call's temporaries, except entries passed through as is
        // (biases): free the rest now, since native buffers wait for a GC that a small heap seldom runs.
        releaseUnshared(composed, params);
        releaseUnshared(e.gradient(), pulled);
        return new Evaluation(e.loss(), pulled);
    }

    /** Closes the arrays of {@code temporary} that are not also arrays of {@code kept} (by identity). */
    private static void releaseUnshared(ParamTable temporary, ParamTable kept) {
        java.util.Set<org.nd4j.linalg.api.ndarray.INDArray> keep =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (String n : kept.names()) keep.add(kept.get(n));
        for (String n : temporary.names()) if (!keep.contains(temporary.get(n))) org.sparkharness.executors.model.NativeMemory.release(temporary.get(n));
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
