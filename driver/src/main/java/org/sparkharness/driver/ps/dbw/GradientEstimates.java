package org.sparkharness.driver.ps.dbw;

import java.util.List;
import org.sparkharness.driver.ps.GradientStats;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * Smoothed estimates of the quantities in DBW's progress model, from the per-round {@link GradientStats} of the
 * window (docs/algorithms/parameter-server.md §3.3). Each is an exponentially weighted mean with weights decay^age,
 * normalised, so the first rounds are not biased towards zero as a plain EMA started at zero would be.
 *
 * @param gradNormSq ‖∇F‖², from E‖ḡ‖² = ‖∇F‖² + V/k: the mean of ‖ḡ‖² − V̂/k, floored at 0
 * @param variance   V, the trace of one worker's minibatch-gradient covariance
 * @param smoothness L from the secant ‖ḡ_t − ḡ_{t−1}‖ / ‖w_t − w_{t−1}‖ with the minibatch noise of both gradients,
 *                   V_t/k_t + V_{t−1}/k_{t−1}, taken out of the numerator (raw secants over-estimate L because
 *                   two noisy gradients differ even at the same point); NaN before two consecutive rounds exist
 * @param rounds     rounds that contributed a variance
 */
public record GradientEstimates(double gradNormSq, double variance, double smoothness, int rounds) {

    public static GradientEstimates of(List<RoundRecord> window, double decay) {
        double wSum = 0, nSum = 0, vSum = 0, secantW = 0, changeSum = 0, stepSum = 0;
        int rounds = 0;
        GradientStats previous = null;
        for (int i = 0; i < window.size(); i++) {
            GradientStats g = window.get(i).gradients();
            if (g == null || !Double.isFinite(g.variance())) { previous = null; continue; }
            double w = Math.pow(decay, window.size() - 1 - i);
            double noise = g.variance() / g.workers();
            wSum += w;
            vSum += w * g.variance();
            nSum += w * (g.meanNormSq() - noise);
            rounds++;
            if (previous != null && Double.isFinite(g.stepNormSq()) && Double.isFinite(g.gradientChangeSq())
                    && g.stepNormSq() > 0) {
                double previousNoise = previous.variance() / previous.workers();
                secantW += w;
                changeSum += w * (g.gradientChangeSq() - noise - previousNoise);
                stepSum += w * g.stepNormSq();
            }
            previous = g;
        }
        if (rounds == 0) return new GradientEstimates(Double.NaN, Double.NaN, Double.NaN, 0);
        double smoothness = secantW == 0 ? Double.NaN : Math.sqrt(Math.max(0, changeSum) / stepSum);
        return new GradientEstimates(Math.max(0, nSum / wSum), vSum / wSum, smoothness, rounds);
    }
}
