package org.sparkharness.executors.objective;

import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkharness.optimizers.TrajectoryLoss;

/**
 * A DL4J loss that adds SAF/MESA's trajectory term {@code λ·τ²·KL(softmax(past/τ) ‖ softmax(z/τ))} to the output
 * layer's own loss, where z are the layer's pre-activations (logits). Riding on the output layer means the term's
 * gradient flows through DL4J's ordinary backward pass: no second pass, which is why SAF costs almost nothing over
 * its base optimizer. It also keeps the logits it saw, which is how SAF's memory gets recorded.
 *
 * <p>Used for one minibatch at a time by one thread (it is set on a pooled network and removed afterwards), so it
 * may hold that minibatch's past logits. With {@code past == null} it adds nothing and only records the logits.
 * The maths is {@link TrajectoryLoss}; per-example gradients are not divided by B because DL4J's loss gradients are
 * per example and summed.
 */
public final class TrajectoryTermLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private final ILossFunction base;
    private final INDArray past;
    private final INDArray mask;
    private final double tau;
    private final double lambda;
    private INDArray lastLogits;

    /**
     * @param base the layer's own loss (cross-entropy for the classifiers here)
     * @param past [B, C] logits to match, or null for no term
     * @param mask [B] 1/0 per example, or null for all
     */
    public TrajectoryTermLoss(ILossFunction base, INDArray past, INDArray mask, double tau, double lambda) {
        this.base = Objects.requireNonNull(base, "base");
        this.past = past;
        this.mask = mask;
        this.tau = tau;
        this.lambda = lambda;
    }

    /** The logits of the last gradient computation (a copy), or null before one. */
    public INDArray lastLogits() {
        return lastLogits;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray labelMask,
                               boolean average) {
        double score = base.computeScore(labels, preOutput, activationFn, labelMask, average);
        if (past == null) return score;
        double meanTerm = term(preOutput).meanLoss();
        return score + (average ? meanTerm : meanTerm * preOutput.size(0));
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
                                      INDArray labelMask) {
        INDArray scores = base.computeScoreArray(labels, preOutput, activationFn, labelMask);
        if (past == null) return scores;
        long b = preOutput.size(0);
        for (long i = 0; i < b; i++) {
            // Per-example terms: the batch mean with only example i unmasked, times B.
            INDArray only = Nd4j.zeros(preOutput.dataType(), b);
            only.putScalar(i, mask == null ? 1.0 : mask.getDouble(i));
            double term = TrajectoryLoss.of(preOutput, past, only, tau, lambda).meanLoss() * b;
            scores.putScalar(i, scores.getDouble(i) + term);
        }
        return scores;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
                                    INDArray labelMask) {
        // preOutput lives in a DL4J workspace that is recycled after the pass: keep a detached copy.
        lastLogits = preOutput.isAttached() ? preOutput.detach() : preOutput.dup();
        INDArray grad = base.computeGradient(labels, preOutput, activationFn, labelMask);
        if (past == null) return grad;
        return grad.addi(term(preOutput).perExampleGradient().castTo(grad.dataType()));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray labelMask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, labelMask, average),
                computeGradient(labels, preOutput, activationFn, labelMask));
    }

    private TrajectoryLoss.Result term(INDArray logits) {
        return TrajectoryLoss.of(logits, past.castTo(logits.dataType()), mask, tau, lambda);
    }

    @Override
    public String name() {
        return "trajectory(" + base.name() + ")";
    }

    @Override
    public String toString() {
        return "TrajectoryTermLoss(base=" + base + ", tau=" + tau + ", lambda=" + lambda + ")";
    }
}
