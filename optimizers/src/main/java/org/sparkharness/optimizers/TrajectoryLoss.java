package org.sparkharness.optimizers;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trajectory loss of SAF and MESA: a temperature-scaled KL divergence that pulls the current logits towards
 * logits recorded earlier (SAF: E epochs ago, from {@link LogitMemory}; MESA: from an EMA teacher, {@link Mesa}),
 * as in AngusDujw/SAF {@code SAF_train.py::train_one_epoch}:
 * <pre>
 * p_i = softmax(past_i/τ)   (constant: no gradient) ;   q_i = softmax(z_i/τ)
 * L_tra = λ·τ²·(1/B)·Σ_i mask_i·KL(p_i ‖ q_i),   KL(p‖q) = Σ_c p_c·(log p_c − log q_c)
 * ∂(λ·τ²·KL_i)/∂z_i = λ·τ·(q_i − p_i)            per example, NOT divided by B
 * </pre>
 * τ² is the distillation convention the reference code uses. The per-example gradient is what a DL4J loss function
 * returns (DL4J divides by the minibatch size later); the batch-mean gradient of L_tra is that divided by B. Masked
 * rows (mask 0: no logits recorded for this example E epochs ago) contribute neither loss nor gradient, but still
 * count in B, as the reference averages over the whole minibatch. Softmax and log-softmax subtract the row maximum;
 * everything is computed in double.
 *
 * <p>SAF is a loss term, not an optimizer: the training loop adds this to the cross-entropy and steps the base
 * optimizer. Reference: J. Du, D. Zhou, J. Feng, V. Tan &amp; J. T. Zhou, "Sharpness-Aware Training for Free",
 * NeurIPS 2022, arXiv:2205.14083. Pure: does not mutate its arguments.
 */
public final class TrajectoryLoss {
    private TrajectoryLoss() {
    }

    /**
     * @param meanLoss           L_tra = λ·τ²·(1/B)·Σ_i mask_i·KL(p_i‖q_i)
     * @param perExampleGradient [B, C], row i = mask_i·λ·τ·(q_i − p_i), in the logits' dtype
     * @param pSoft              p = softmax(past/τ), [B, C], in the logits' dtype
     * @param qSoft              q = softmax(z/τ), [B, C], in the logits' dtype
     */
    public record Result(double meanLoss, INDArray perExampleGradient, INDArray pSoft, INDArray qSoft) {
        /** Rejects nulls. */
        public Result {
            Objects.requireNonNull(perExampleGradient, "perExampleGradient");
            Objects.requireNonNull(pSoft, "pSoft");
            Objects.requireNonNull(qSoft, "qSoft");
        }
    }

    /**
     * The trajectory loss of a minibatch and its gradient with respect to the current logits.
     *
     * @param logits     current logits z, [B, C]
     * @param pastLogits recorded (or teacher) logits, [B, C]
     * @param mask       [B] weights, 1 = use the example, 0 = skip it; {@code null} = all examples
     * @param tau        temperature τ &gt; 0
     * @param lambda     weight λ ≥ 0
     * @throws IllegalArgumentException on shape mismatch or an invalid τ, λ
     */
    public static Result of(INDArray logits, INDArray pastLogits, INDArray mask, double tau, double lambda) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(pastLogits, "pastLogits");
        if (logits.rank() != 2 || !Arrays.equals(logits.shape(), pastLogits.shape())) {
            throw new IllegalArgumentException("logits and past logits must both be [B, C]; got "
                    + Arrays.toString(logits.shape()) + " and " + Arrays.toString(pastLogits.shape()));
        }
        if (!(tau > 0 && Double.isFinite(tau)) || !(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("trajectory loss needs tau > 0 and lambda >= 0; got tau = " + tau
                    + ", lambda = " + lambda);
        }
        int b = (int) logits.rows();
        int c = (int) logits.columns();
        double[] m = mask == null ? null : ParamTable.valuesC(mask);
        if (m != null && m.length != b) {
            throw new IllegalArgumentException("mask must have B = " + b + " entries, got " + m.length);
        }
        double[] z = ParamTable.valuesC(logits);
        double[] past = ParamTable.valuesC(pastLogits);
        double[] p = new double[b * c];
        double[] q = new double[b * c];
        double[] grad = new double[b * c];
        double[] logP = new double[c];
        double[] logQ = new double[c];
        double sum = 0;
        for (int i = 0; i < b; i++) {
            int row = i * c;
            logSoftmax(past, row, c, tau, logP);
            logSoftmax(z, row, c, tau, logQ);
            double weight = m == null ? 1 : m[i];
            double kl = 0;
            for (int j = 0; j < c; j++) {
                p[row + j] = Math.exp(logP[j]);
                q[row + j] = Math.exp(logQ[j]);
                if (p[row + j] > 0) {               // 0·log 0 = 0
                    kl += p[row + j] * (logP[j] - logQ[j]);
                }
                grad[row + j] = weight == 0 ? 0 : weight * lambda * tau * (q[row + j] - p[row + j]);
            }
            if (weight != 0) {
                sum += weight * kl;
            }
        }
        DataType dtype = logits.dataType();
        long[] shape = {b, c};
        return new Result(lambda * tau * tau * sum / b, matrix(grad, shape, dtype), matrix(p, shape, dtype),
                matrix(q, shape, dtype));
    }

    /** log softmax(x[row .. row+c)/τ) into {@code out}, subtracting the maximum first. */
    private static void logSoftmax(double[] x, int row, int c, double tau, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[row + j] / tau);
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            out[j] = x[row + j] / tau - max;
            s += Math.exp(out[j]);
        }
        double logSum = Math.log(s);
        for (int j = 0; j < c; j++) {
            out[j] -= logSum;
        }
    }

    private static INDArray matrix(double[] data, long[] shape, DataType dtype) {
        INDArray a = Nd4j.create(data, shape, 'c');
        return a.dataType() == dtype ? a : a.castTo(dtype);
    }
}
