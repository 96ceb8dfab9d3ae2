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
 * models Ĝ (docs/algorithms/parameter-server.md §3.2):
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
        if (config.progressModel() == BackupConfig.Dynamic.ProgressModel.DESCENT_BOUND && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        this.config = config;
        this.learningRate = learningRate;
        this.plainSgd = plainSgd;
        this.times = config.timeModel() == BackupConfig.Dynamic.TimeModel.SHIFTED_EXPONENTIAL
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
        boolean descentBound = config.progressModel() == BackupConfig.Dynamic.ProgressModel.DESCENT_BOUND;
        double smoothness = config.smoothness() != null ? config.smoothness() : g.smoothness();
        if (g.rounds() < 2 || !Double.isFinite(g.variance()) || descentBound && !Double.isFinite(smoothness)) {
            return new Decision(kHi, "warm-up (no gradient statistics yet)", Map.of());
        }
        double overhead = medianOverhead(window);
        double eta = learningRate, lEta = smoothness * eta;
        double signal = eta * (1 - lEta / 2) * g.gradNormSq();
        double noise = lEta * eta / 2 * g.variance();
        // Noise scale in workers: how many worker gradients it takes before the noise stops mattering.
        double noiseScale = g.gradNormSq() > 0 ? g.variance() / g.gradNormSq() : Double.POSITIVE_INFINITY;
        double[] gains = new double[n + 1];
        for (int k = kLo; k <= kHi; k++) gains[k] = descentBound ? signal - noise / k : progress(k, noiseScale);
        // Monte Carlo draws stop once no other k could beat the chosen one by more than SETTLED.
        RoundTimeModel.Estimate est = times.estimate(n, history, x -> settled(x, gains, overhead, kLo, kHi));
        double[] wait = est.mean();

        int best = argmaxRate(wait, gains, overhead, kLo, kHi);
        double bestRate = best < 0 ? Double.NEGATIVE_INFINITY : gains[best] / (overhead + wait[best - 1]);
        if (best < 0) best = kHi;
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
        e.put("progress_model", config.progressModel().toString());
        e.put("noise_scale_workers", noiseScale);
        e.put("gain", descentBound ? signal - noise / best : progress(best, noiseScale));
        e.put("expected_wait_ms", round3(wait));
        if (est.draws() > 0) e.put("draws", est.draws());
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
    /** Relative margin within which another k's rate counts as no better: below it the choice hardly matters. */
    static final double SETTLED = 0.02;

    /** The k in [kLo, kHi] with the highest expected gain per ms (ties keep the larger k), or −1 if no gain is positive. */
    static int argmaxRate(double[] wait, double[] gains, double overhead, int kLo, int kHi) {
        int best = -1;
        double bestRate = Double.NEGATIVE_INFINITY;
        for (int k = kHi; k >= kLo; k--) {
            double rate = gains[k] / (overhead + wait[k - 1]);
            if (gains[k] > 0 && rate > bestRate) {
                bestRate = rate;
                best = k;
            }
        }
        return best;
    }

    /**
     * The decision no longer depends on more draws: with about 95 % confidence (two standard errors each way) no
     * other k's rate exceeds the chosen one's by more than {@link #SETTLED}.
     */
    static boolean settled(RoundTimeModel.Estimate e, double[] gains, double overhead, int kLo, int kHi) {
        int best = argmaxRate(e.mean(), gains, overhead, kLo, kHi);
        if (best < 0) return true;
        double low = rate(e, gains, overhead, best, -2);
        for (int k = kLo; k <= kHi; k++) {
            if (k != best && gains[k] > 0 && rate(e, gains, overhead, k, 2) > low * (1 + SETTLED)) return false;
        }
        return true;
    }

    /** Gain per ms with the wait moved {@code sigmas} standard errors (a longer wait gives a lower rate). */
    private static double rate(RoundTimeModel.Estimate e, double[] gains, double overhead, int k, double sigmas) {
        return gains[k] / (overhead + Math.max(1e-9, e.mean()[k - 1] - sigmas * e.standardError()[k - 1]));
    }

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
        String progress = config.progressModel() == BackupConfig.Dynamic.ProgressModel.DESCENT_BOUND
                ? "descent bound, L " + (config.smoothness() != null ? "= " + config.smoothness() : "estimated")
                        + ", η = " + learningRate
                : "noise-scale progress";
        return "dynamic (DBW, " + times.name() + " round times, " + progress + ")";
    }
}
