package org.sparkharness.optimizers;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an optimizer may ask of the model on one fixed minibatch: the mean loss and its gradient at any parameters,
 * and, for second-order methods such as {@link Sven}, the per-example losses with their Jacobian. SAM evaluates it
 * twice per step (at w and at w + e), so the batch must stay the same between calls; loss terms such as FedProx's
 * proximal term wrap it.
 *
 * <p>The executors module implements it over a DL4J network (MultiLayerNetwork or ComputationGraph, behind one
 * adapter); tests implement it over closed-form losses.
 */
public interface Objective {

    /** Mean loss over the batch and its gradient (minibatch mean), named and shaped like {@code params}. */
    Evaluation evaluate(ParamTable params);

    /**
     * Per-example losses {@code l_a} (shape [B]) and their Jacobian {@code ∂l_a/∂θ} (shape [B, P]) over the
     * parameters flattened in {@link ParamTable#flatten()} order. Optional: objectives that cannot provide it
     * throw {@link UnsupportedOperationException}.
     */
    default PerExample perExample(ParamTable params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not provide per-example losses and their Jacobian (needed by Sven)");
    }

    /**
     * @param loss     mean loss over the batch
     * @param gradient minibatch-mean gradient, same layout as the parameters
     */
    record Evaluation(double loss, ParamTable gradient) {
        public Evaluation {
            Objects.requireNonNull(gradient, "gradient");
        }
    }

    /**
     * @param losses   per-example losses, shape [B]
     * @param jacobian ∂l_a/∂θ, shape [B, P], rows in example order, columns in flattened parameter order
     */
    record PerExample(INDArray losses, INDArray jacobian) {
        public PerExample {
            Objects.requireNonNull(losses, "losses");
            Objects.requireNonNull(jacobian, "jacobian");
            if (jacobian.rank() != 2 || jacobian.rows() != losses.length()) {
                throw new IllegalArgumentException("jacobian must be [B, P] with B = " + losses.length()
                        + " losses, got " + java.util.Arrays.toString(jacobian.shape()));
            }
        }
    }
}
