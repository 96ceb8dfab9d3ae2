package org.sparkharness.driver.ps;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one round's individual worker gradients say about the loss surface, for the dynamic backup policy
 * (parameter-server.md §3.3c). Scalars only, so the round history keeps no arrays.
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
     * Statistics of the worker gradient sums {@code sums} over {@code counts} examples each. {@code previousMean} and
     * {@code previousParams} (both may be null) give the secant terms; {@code mean} receives ḡ (same length as a sum).
     */
    public static GradientStats of(List<INDArray> sums, List<Long> counts, INDArray mean, INDArray params,
                                   INDArray previousMean, INDArray previousParams) {
        int k = sums.size();
        if (k == 0 || k != counts.size()) throw new IllegalArgumentException("need one count per gradient sum");
        mean.assign(0);
        for (int i = 0; i < k; i++) mean.addi(sums.get(i).div(counts.get(i)));
        mean.divi(k);
        double variance = Double.NaN;
        if (k > 1) {
            INDArray diff = mean.ulike();
            double s = 0;
            for (int i = 0; i < k; i++) {
                diff.assign(sums.get(i)).divi(counts.get(i)).subi(mean);
                double norm = diff.norm2Number().doubleValue();
                s += norm * norm;
            }
            diff.close();
            variance = s / (k - 1);
        }
        double meanNorm = mean.norm2Number().doubleValue();
        double step = previousParams == null ? Double.NaN : params.squaredDistance(previousParams);
        double change = previousMean == null ? Double.NaN : mean.squaredDistance(previousMean);
        return new GradientStats(k, meanNorm * meanNorm, variance, step, change);
    }
}
