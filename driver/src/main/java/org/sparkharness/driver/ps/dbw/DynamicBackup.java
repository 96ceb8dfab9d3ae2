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
 * the expected loss decrease per unit of wall-clock time,
 * <pre>  k = argmax Ĝ(k) / (overhead + Ê[R_(k):n]),   Ĝ(k) = η(1 − Lη/2)·‖∇F‖² − (Lη²/2)·V/k</pre>
 * (the L-smooth descent bound for SGD with the mean of k minibatch gradients, parameter-server.md §3.3). Early in
 * training ‖∇F‖² dominates and fast rounds win (large b); once the gradient approaches the noise level every extra
 * gradient counts (small b). With momentum or adaptive optimizers Ĝ is a heuristic, and the log says so.
 *
 * <p>A pure function of the history: the same history always gives the same decision.
 */
public final class DynamicBackup implements BackupPolicy {
    private final BackupConfig.Dynamic config;
    private final double learningRate;
    private final boolean plainSgd;
    private final RoundTimeModel times;

    /**
     * @param learningRate η: the config's {@code learningRate}, else the optimizer's
     * @param plainSgd     whether the server optimizer is plain SGD, for which Ĝ is the actual descent bound
     */
    public DynamicBackup(BackupConfig.Dynamic config, double learningRate, boolean plainSgd) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
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
        double smoothness = config.smoothness() != null ? config.smoothness() : g.smoothness();
        if (g.rounds() < 2 || !Double.isFinite(g.variance()) || !Double.isFinite(smoothness)) {
            return new Decision(kHi, "warm-up (no gradient statistics yet)", Map.of());
        }
        double[] wait = times.expectedOrderStatistics(n, history);
        double overhead = medianOverhead(window);
        double eta = learningRate, lEta = smoothness * eta;
        double signal = eta * (1 - lEta / 2) * g.gradNormSq();
        double noise = lEta * eta / 2 * g.variance();

        int best = kHi;
        double bestRate = Double.NEGATIVE_INFINITY;
        double[] rate = new double[n];
        Arrays.fill(rate, Double.NaN);
        for (int k = kHi; k >= kLo; k--) {  // from the top, so ties keep the larger k
            double gain = signal - noise / k;
            rate[k - 1] = gain / (overhead + wait[k - 1]);
            if (gain > 0 && rate[k - 1] > bestRate) {
                bestRate = rate[k - 1];
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
        e.put("smoothness", smoothness);
        e.put("smoothness_source", config.smoothness() != null ? "config" : "secant");
        e.put("lr", eta);
        e.put("bound", plainSgd ? "sgd descent bound" : "heuristic (optimizer is not plain SGD)");
        e.put("time_model", times.name());
        e.put("overhead_ms", overhead);
        e.put("predicted_wait_ms", wait[best - 1]);
        e.put("predicted_round_ms", overhead + wait[best - 1]);
        e.put("gain", signal - noise / best);
        e.put("expected_wait_ms", round3(wait));
        return new Decision(best, reason, e);
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
        return "dynamic (DBW, " + times.name() + " round times, L "
                + (config.smoothness() != null ? "= " + config.smoothness() : "estimated") + ", η = " + learningRate + ")";
    }
}
