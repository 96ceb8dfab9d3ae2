package org.sparkharness.executors.objective;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.PerExampleGradients;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/**
 * An {@link Objective} over a DL4J network on one fixed minibatch. The network must be built with the NoOp updater
 * and no L1/L2 (every {@link org.sparkharness.executors.model.ModelSpec} is), so the score is the plain data loss.
 *
 * <p>Two views of the same numbers: the named-table methods of {@link Objective} (mean gradient, Jacobian columns in
 * {@link ParamTable#flatten()} order) for optimizers, and the {@code *Flat} methods in the network's own flat layout
 * (gradient SUM, as workers ship it) so that a worker does not convert layouts it never needs. The layouts differ
 * because DL4J stores dense weights in 'f' order. Not thread-safe: it drives the adapter's network.
 */
public final class NetworkObjective implements Objective {
    private final NetworkAdapter adapter;
    private final INDArray features;
    private final INDArray labels;

    /**
     * @param features minibatch inputs, first dimension B
     * @param labels   minibatch labels (one-hot for classifiers, targets for regression), first dimension B
     */
    public NetworkObjective(NetworkAdapter adapter, INDArray features, INDArray labels) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.features = Objects.requireNonNull(features, "features");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features have " + features.size(0) + " rows but labels "
                    + labels.size(0));
        }
    }

    /** The minibatch size B. */
    public int batchSize() {
        return (int) features.size(0);
    }

    /** Mean loss and gradient SUM over the batch at flat parameters (network layout); the gradient is a copy. */
    public FlatEvaluation evaluateFlat(INDArray flatParams) {
        adapter.setFlatParams(flatParams);
        return run(features, labels);
    }

    @Override
    public Evaluation evaluate(ParamTable params) {
        adapter.setParams(params);
        FlatEvaluation e = run(features, labels);
        ParamTable gradient = adapter.table(e.gradientSum().divi(batchSize()));
        org.sparkharness.executors.model.NativeMemory.release(e.gradientSum()); // table() copied it
        return new Evaluation(e.meanLoss(), gradient);
    }

    /**
     * Per-example losses and the Jacobian of the losses in the network's flat layout. From one batched backward pass
     * ({@link PerExampleGradients}) when the network is a stack of dense, 2-D convolution and parameterless layers;
     * otherwise from B single-example backward passes (DL4J has no vectorised per-example gradients).
     */
    public PerExample perExampleFlat(INDArray flatParams) {
        adapter.setFlatParams(flatParams);
        if (PerExampleGradients.use(adapter.network())) {
            PerExampleGradients.Jacobian j = PerExampleGradients.jacobian(adapter.network(), features, labels);
            return new PerExample(j.losses(), j.jacobian());
        }
        return perExampleLoop();
    }

    /** {@link #perExampleFlat}'s fallback at the network's current parameters: one backward pass per example. */
    PerExample perExampleLoop() {
        int b = batchSize();
        INDArray losses = Nd4j.create(features.dataType(), b);
        INDArray jacobian = Nd4j.create(features.dataType(), b, adapter.numParams());
        for (int i = 0; i < b; i++) {
            FlatEvaluation e = run(features.getRow(i, true), labels.getRow(i, true));
            losses.putScalar(i, e.meanLoss());
            jacobian.putRow(i, e.gradientSum());
            e.gradientSum().close();
        }
        return new PerExample(losses, jacobian);
    }

    @Override
    public PerExample perExample(ParamTable params) {
        PerExample flat = perExampleFlat(adapter.flatten(params));
        return new PerExample(flat.losses(), toTableColumns(flat.jacobian(), params));
    }

    private FlatEvaluation run(INDArray x, INDArray y) {
        var e = adapter.network().gradientAndScore(x, y);
        return new FlatEvaluation(e.score(), e.gradient());
    }

    /** Reorders Jacobian columns from the network's flat layout to {@link ParamTable#flatten()} order. */
    private INDArray toTableColumns(INDArray jacobian, ParamTable like) {
        return adapter.toTableColumns(jacobian, like);
    }

    /**
     * @param meanLoss    mean loss over the batch
     * @param gradientSum gradient summed over the batch, network flat layout
     */
    public record FlatEvaluation(double meanLoss, INDArray gradientSum) {}
}
