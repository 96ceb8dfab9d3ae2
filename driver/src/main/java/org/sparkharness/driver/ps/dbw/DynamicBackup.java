package org.sparkharness.driver.ps.dbw;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkharness.driver.config.BackupConfig;
import org.sparkharness.driver.ps.BackupPolicy;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * Dynamic Backup Workers (Xu, Neglia, Sebastianelli, arXiv 2004.14696): each round waits for the k that maximises
 * the expected loss decrease per unit of wall-clock time, k = argmax Ĝ(k) / (overhead + Ê[R_(k):n]). Two progress
 * models Ĝ (parameter-server.md §3.3b):
 * <ul>
 *   <li>{@code descent-bound}: Ĝ(k) = η(1 − Lη/2)·‖∇F‖² − (Lη²/2)·V/k, the L-smooth bound for SGD with the mean of
 *       k minibatch gradients; with momentum or adaptive optimizers a heuristic, and the log says so.</li>
 *   <li>{@code noise-scale} (default): Ĝ(k) ∝ k / (k + B), B = V / ‖∇F‖² (McCandlish et al. 2018). The bound
 *       above charges the noise at the largest curvature L, but minibatch noise lies mostly in flat directions:
 *       on the benchmark MLP the secant L gives Lη ≈ 1.6, so the bound predicts that k = 12 of 16 makes no
 *       progress, while training took 160 rounds at k = 12 against 155 at k = 16, the 5 % the noise scale
 *       predicts.</li>
 * </ul>
 * Early in training ‖∇F‖² dominates and fast rounds win (large b); once the gradient approaches the noise level
 * every extra gradient counts (small b).
 *
 * <p>A pure function of the history: the same history always gives the same decision.
 */
public final class DynamicBackup implements BackupPolicy {
    private final BackupConfig.Dynamic config;
    private final double learningRate;
    private final boolean plainSgd;
    private final RoundTimeModel times;

    /**
     * @param learningRate η: the config's {@code learningRate}, else the optimizer's; used (and required positive)
     *                     only by the descent-bound model
     * @param plainSgd     whether the server optimizer is plain SGD, for which Ĝ is the actual descent bound
     */
    public DynamicBackup(BackupConfig.Dynamic config, double learningRate, boolean plainSgd) {
        if (config.progressModel().equals("descent-bound") && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        this.config = config;
        this.learningRate = learningRate;
        this.plainSgd = plainSgd;
        this.times = config.timeModel().equals("shifted-exponential")
                ? ShiftedExponentialFit.model(config.timeHalfLife())
                : new EmpiricalRoundTimes(config.draws(), config.timeHalfLife());
    }

    @Override
    public Decision decide(int n, RoundHistory history) {
        int bMax = Math.min(n - 1, config.maxBackups() == null ? n / 2 : config.maxBackups());
        int bMin = Math.min(config.minBackups(), bMax);
        int kLo = n - bMax, kHi = n - bMin;
        if (history.size() < config.warmupRounds()) return new Decision(kHi, "warm-up", Map.of());
        List<RoundRecord> window = history.recent();
        GradientEstimates g = GradientEstimates.of(window, config.emaDecay());
        boolean descentBound = config.progressModel().equals("descent-bound");
        double smoothness = config.smoothness() != null ? config.smoothness() : g.smoothness();
        if (g.rounds() < 2 || !Double.isFinite(g.variance()) || descentBound && !Double.isFinite(smoothness)) {
            return new Decision(kHi, "warm-up (no gradient statistics yet)", Map.of());
        }
        double[] wait = times.expectedOrderStatistics(n, history);
        double overhead = medianOverhead(window);
        double eta = learningRate, lEta = smoothness * eta;
        double signal = eta * (1 - lEta / 2) * g.gradNormSq();
        double noise = lEta * eta / 2 * g.variance();
        // Noise scale in workers: how many worker gradients it takes before the noise stops mattering.
        double noiseScale = g.gradNormSq() > 0 ? g.variance() / g.gradNormSq() : Double.POSITIVE_INFINITY;

        int best = kHi;
        double bestRate = Double.NEGATIVE_INFINITY;
        for (int k = kHi; k >= kLo; k--) {  // from the top, so ties keep the larger k
            double gain = descentBound ? signal - noise / k : progress(k, noiseScale);
            double rate = gain / (overhead + wait[k - 1]);
            if (gain > 0 && rate > bestRate) {
                bestRate = rate;
                best = k;
            }
        }
        String reason = bestRate == Double.NEGATIVE_INFINITY
                ? "noise floor: no k gives an expected decrease, waiting for " + kHi
                : "argmax gain per ms";
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("reason", reason);
        e.put("grad_norm_sq", g.gradNormSq());
        e.put("variance", g.variance());
        if (descentBound) {
            e.put("smoothness", smoothness);
            e.put("smoothness_source", config.smoothness() != null ? "config" : "secant");
            e.put("lr", eta);
            e.put("bound", plainSgd ? "sgd descent bound" : "heuristic (optimizer is not plain SGD)");
        }
        e.put("time_model", times.name());
        e.put("overhead_ms", overhead);
        e.put("predicted_wait_ms", wait[best - 1]);
        e.put("predicted_round_ms", overhead + wait[best - 1]);
        e.put("progress_model", config.progressModel());
        e.put("noise_scale_workers", noiseScale);
        e.put("gain", descentBound ? signal - noise / best : progress(best, noiseScale));
        e.put("expected_wait_ms", round3(wait));
        return new Decision(best, reason, e);
    }

    /**
     * Relative progress of a well-tuned step on the mean of k worker gradients, k / (k + B) (McCandlish et al.,
     * arXiv 1812.06162, with the noise scale B in workers). With no measurable signal (B = ∞) progress is linear in
     * k, the limit of k / (k + B) up to a constant.
     */
    static double progress(int k, double noiseScale) {
        return Double.isInfinite(noiseScale) ? k : k / (k + noiseScale);
    }

    private static double[] round3(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.round(v[i] * 1000) / 1000.0;
        return out;
    }

    /** Median of the rounds' driver-side time beyond the cut-off (broadcast, aggregation, step). */
    static double medianOverhead(List<RoundRecord> window) {
        double[] o = window.stream().mapToDouble(RoundRecord::overheadMillis).sorted().toArray();
        return o.length == 0 ? 0 : o.length % 2 == 1 ? o[o.length / 2] : (o[o.length / 2 - 1] + o[o.length / 2]) / 2;
    }

    @Override
    public boolean usesGradientStatistics() { return true; }

    @Override
    public int historyWindow() { return config.window(); }

    @Override
    public String describe() {
        String progress = config.progressModel().equals("descent-bound")
                ? "descent bound, L " + (config.smoothness() != null ? "= " + config.smoothness() : "estimated")
                        + ", η = " + learningRate
                : "noise-scale progress";
        return "dynamic (DBW, " + times.name() + " round times, " + progress + ")";
    }
}
