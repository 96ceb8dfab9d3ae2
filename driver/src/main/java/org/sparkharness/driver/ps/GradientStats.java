package org.sparkharness.driver.ps;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one round's individual worker gradients say about the loss surface, for the dynamic backup policy
 * (docs/algorithms/parameter-server.md §3.3). Scalars only, so the round history keeps no arrays.
 *
 * @param workers          k, the number of worker gradients g_i = G_i / m_i that went into the round
 * @param meanNormSq       ‖ḡ‖², ḡ the unweighted mean of the g_i
 * @param variance         V̂ = Σ‖g_i − ḡ‖² / (k − 1), the trace of one worker's gradient covariance; NaN when k = 1
 * @param stepNormSq       ‖w_t − w_{t−1}‖² between this round's parameters and the previous round's; NaN in the first
 * @param gradientChangeSq ‖ḡ_t − ḡ_{t−1}‖²; NaN in the first round
 */
public record GradientStats(int workers, double meanNormSq, double variance, double stepNormSq,
                            double gradientChangeSq) {

    /**
     * Statistics of one round from its running sum: ḡ is the round's mean gradient ΣG_i/Σm_i ({@code mean}), and
     * V̂ = (Σ‖g_i‖² − k‖ḡ‖²)/(k − 1) uses the norms the workers computed, so this costs two passes over arrays on the
     * driver whatever k is (for equal counts ḡ is exactly the mean of the g_i; with unequal counts it is their
     * count-weighted mean, a close stand-in). {@code previousMean} and {@code previousParams} (both may be null) give
     * the secant terms.
     */
    public static GradientStats of(GradientSum sum, INDArray mean, INDArray params, INDArray previousMean,
                                   INDArray previousParams) {
        int k = sum.workers();
        if (k == 0) throw new IllegalArgumentException("no worker gradients in the round");
        double meanNorm = mean.norm2Number().doubleValue();
        double variance = k > 1 ? Math.max(0, (sum.perExampleNormSq() - k * meanNorm * meanNorm) / (k - 1)) : Double.NaN;
        double step = previousParams == null ? Double.NaN : params.squaredDistance(previousParams);
        double change = previousMean == null ? Double.NaN : mean.squaredDistance(previousMean);
        return new GradientStats(k, meanNorm * meanNorm, variance, step, change);
    }
}
