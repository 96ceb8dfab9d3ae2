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
        // Streaming form V̂ = (Σ‖g_i‖² − k‖ḡ‖²) / (k − 1): 2k + 2 passes over the gradients and no temporaries, which
        // matters because this runs on the driver inside every round.
        mean.assign(0);
        boolean equalCounts = counts.stream().distinct().count() == 1;
        double sumSq = 0;
        for (int i = 0; i < k; i++) {
            INDArray g = sums.get(i);
            double m = counts.get(i);
            if (equalCounts) {
                mean.addi(g);
            } else {
                INDArray scaled = g.div(m);
                mean.addi(scaled);
                scaled.close();
            }
            double norm = g.norm2Number().doubleValue() / m;
            sumSq += norm * norm;
        }
        mean.muli(equalCounts ? 1.0 / (k * (double) counts.get(0)) : 1.0 / k);
        double meanNorm = mean.norm2Number().doubleValue();
        double variance = k > 1 ? Math.max(0, (sumSq - k * meanNorm * meanNorm) / (k - 1)) : Double.NaN;
        double step = previousParams == null ? Double.NaN : params.squaredDistance(previousParams);
        double change = previousMean == null ? Double.NaN : mean.squaredDistance(previousMean);
        return new GradientStats(k, meanNorm * meanNorm, variance, step, change);
    }
}
