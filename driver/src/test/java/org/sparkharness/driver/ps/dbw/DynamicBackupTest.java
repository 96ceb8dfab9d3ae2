package org.sparkharness.driver.ps.dbw;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.driver.config.BackupConfig;
import org.sparkharness.driver.config.BackupConfig.Dynamic.ProgressModel;
import org.sparkharness.driver.config.BackupConfig.Dynamic.TimeModel;
import org.sparkharness.driver.ps.BackupPolicy;
import org.sparkharness.driver.ps.GradientStats;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * The DBW decision on hand-built histories. Unless a test says otherwise: n = 16 workers, round trips
 * 50 ms + Exp(mean), 5 ms driver overhead, 50 rounds each cut at the 14th arrival, ‖∇F‖² = 1, L = 1, η = 0.1. The
 * gain is then ∝ 1 − x/k with x = LηV / (2(1 − Lη/2)‖∇F‖²) = V/19, so V = 19·x sets the noise-to-signal ratio.
 */
class DynamicBackupTest {
    private static final int N = 16, HISTORY_K = 14;
    private static final double SHIFT = 50, OVERHEAD = 5, GRAD_NORM_SQ = 1, L = 1, LR = 0.1;

    private static BackupConfig.Dynamic config(String timeModel, Double smoothness, int minBackups,
                                               Integer maxBackups) {
        return BackupConfig.Dynamic.defaults().withProgressModel(ProgressModel.DESCENT_BOUND).withSmoothness(smoothness)
                .withMinBackups(minBackups).withMaxBackups(maxBackups).withTimeModel(TimeModel.of(timeModel));
    }

    private static BackupConfig.Dynamic config(String timeModel) {
        return config(timeModel, L, 0, null);
    }

    /** 50 rounds with round-trip mean {@code mean} and per-worker variance V = 19·{@code x}. */
    private static RoundHistory history(double mean, double x) {
        GradientStats g = Histories.stats(HISTORY_K, GRAD_NORM_SQ, 19 * x, L, 0.01);
        return Histories.shiftedExponential(42, 50, 50, N, HISTORY_K, SHIFT, mean, OVERHEAD, g);
    }

    private static int b(BackupConfig.Dynamic config, double lr, RoundHistory h) {
        return N - new DynamicBackup(config, lr, true).decide(N, h).k();
    }

    @Test
    void warmUpWaitsForEveryone() {
        GradientStats g = Histories.stats(N, 1, 19, L, 0.01);
        RoundHistory h = Histories.shiftedExponential(1, 50, 9, N, N, SHIFT, 100, OVERHEAD, g);
        BackupConfig.Dynamic tenRounds = BackupConfig.Dynamic.defaults().withProgressModel(ProgressModel.DESCENT_BOUND)
                .withWarmupRounds(10).withSmoothness(L).withTimeModel(TimeModel.EMPIRICAL);
        DynamicBackup policy = new DynamicBackup(tenRounds, LR, true);
        BackupPolicy.Decision d = policy.decide(N, h);
        assertEquals(N, d.k());
        assertEquals("warm-up", d.reason());
        assertTrue(d.estimates().isEmpty());
        assertEquals(N - 2, new DynamicBackup(BackupConfig.Dynamic.defaults()
                .withProgressModel(ProgressModel.DESCENT_BOUND).withWarmupRounds(10).withSmoothness(L).withMinBackups(2)
                .withTimeModel(TimeModel.EMPIRICAL), LR, true).decide(N, h).k(), "warm-up at minBackups");

        // The 10th round ends the warm-up: heavy tails and clean gradients then ask for backups.
        h.add(Histories.record(9, Histories.shiftedExponential(new SplittableRandom(2), N, SHIFT, 100), N, OVERHEAD, g));
        BackupPolicy.Decision after = policy.decide(N, h);
        assertEquals("argmax gain per ms", after.reason());
        assertTrue(after.k() < N, "k " + after.k());

        // Without gradient statistics (the round loop was not asked for them) there is nothing to decide on.
        RoundHistory noStats = Histories.shiftedExponential(1, 50, 20, N, N, SHIFT, 100, OVERHEAD, null);
        BackupPolicy.Decision none = policy.decide(N, noStats);
        assertEquals(N, none.k());
        assertTrue(none.reason().contains("no gradient statistics"), none.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"empirical", "shifted-exponential"})
    void heavierTailedRoundTimesMeanMoreBackups(String timeModel) {
        int light = b(config(timeModel), LR, history(5, 6));
        int heavy = b(config(timeModel), LR, history(100, 6));
        assertTrue(light <= 1, "b with 5 ms tails: " + light);
        assertTrue(heavy >= 4, "b with 100 ms tails: " + heavy);
        assertTrue(heavy > light);
    }

    @ParameterizedTest
    @ValueSource(strings = {"empirical", "shifted-exponential"})
    void noisierGradientsMeanFewerBackups(String timeModel) {
        int noisy = b(config(timeModel), LR, history(100, 12));
        int clean = b(config(timeModel), LR, history(100, 2));
        assertTrue(noisy <= 2, "b with V/‖∇F‖² = 228: " + noisy);
        assertTrue(clean >= 6, "b with V/‖∇F‖² = 38: " + clean);
    }

    @ParameterizedTest
    @ValueSource(strings = {"empirical", "shifted-exponential"})
    void aLargerLearningRateMeansFewerBackups(String timeModel) {
        // The noise term grows with η², the signal with η(1 − Lη/2): x = 3 at η = 0.1, x ≈ 10 at η = 0.3.
        RoundHistory h = history(100, 3);
        int small = b(config(timeModel), 0.1, h);
        int large = b(config(timeModel), 0.3, h);
        assertTrue(large < small, "b at η = 0.3: " + large + ", at η = 0.1: " + small);
        assertTrue(large <= 2, "b at η = 0.3: " + large);
    }

    /** The default progress model: gain ∝ k / (k + B), B = V / ‖∇F‖² in workers; no L or η involved. */
    private static int noiseScaleB(String timeModel, RoundHistory h) {
        BackupConfig.Dynamic c = BackupConfig.Dynamic.defaults().withTimeModel(TimeModel.of(timeModel));
        assertEquals(ProgressModel.NOISE_SCALE, c.progressModel());
        return N - new DynamicBackup(c, Double.NaN, false).decide(N, h).k();
    }

    @ParameterizedTest
    @ValueSource(strings = {"empirical", "shifted-exponential"})
    void noiseScaleModelWantsMoreBackupsUnderHeavierTailsAndFewerUnderNoise(String timeModel) {
        // history(mean, x) has V = 19·x and ‖∇F‖² = 1, so B = 19·x workers.
        int light = noiseScaleB(timeModel, history(2, 0.1));
        int heavy = noiseScaleB(timeModel, history(100, 0.1));
        assertTrue(heavy > light, "b with 100 ms tails " + heavy + ", with 2 ms tails " + light);
        assertTrue(heavy >= 6, "clean gradients and heavy tails: " + heavy);
        int noisy = noiseScaleB(timeModel, history(100, 20));
        assertTrue(noisy < heavy, "b with B = 380 workers " + noisy + ", with B = 1.9 " + heavy);
    }

    @Test
    void noiseScaleDecisionIsTheArgmaxOfProgressPerMillisecond() {
        double x = 0.5, noiseScale = 19 * x / GRAD_NORM_SQ;
        RoundHistory h = history(60, x);
        BackupPolicy.Decision d = new DynamicBackup(BackupConfig.Dynamic.defaults(), Double.NaN, false).decide(N, h);
        Map<String, Object> e = d.estimates();
        assertEquals(noiseScale, (double) e.get("noise_scale_workers"), 1e-9);
        assertEquals(d.k() / (d.k() + noiseScale), (double) e.get("gain"), 1e-12);
        double[] waits = (double[]) e.get("expected_wait_ms");
        double overhead = (double) e.get("overhead_ms");
        double chosen = d.k() / (d.k() + noiseScale) / (overhead + waits[d.k() - 1]);
        for (int k = N - N / 2; k <= N; k++) {
            assertTrue(k / (k + noiseScale) / (overhead + waits[k - 1]) <= chosen * (1 + 1e-4),
                    "k=" + k + " beats the chosen k=" + d.k());
        }
        assertFalse(e.containsKey("smoothness"), "the noise-scale model uses no L");
    }

    @Test
    void noiseFloorWaitsForAsManyAsAllowed() {
        // Lη = 2: η(1 − Lη/2) = 0, so every k has a negative expected decrease.
        RoundHistory h = history(100, 2);
        BackupPolicy.Decision d = new DynamicBackup(config("empirical", 20.0, 0, null), LR, true).decide(N, h);
        assertEquals(N, d.k());
        assertTrue(d.reason().startsWith("noise floor"), d.reason());
        assertEquals(N - 3,
                new DynamicBackup(config("shifted-exponential", 20.0, 3, null), LR, true).decide(N, h).k());

        // A vanishing gradient with noise left: the same, with L estimated from the secants.
        GradientStats flat = Histories.stats(HISTORY_K, 0, 19, L, 0.01);
        RoundHistory still = Histories.shiftedExponential(4, 50, 50, N, HISTORY_K, SHIFT, 100, OVERHEAD, flat);
        BackupPolicy.Decision e = new DynamicBackup(config("empirical", null, 0, null), LR, true).decide(N, still);
        assertEquals(N, e.k());
        assertTrue(e.reason().startsWith("noise floor"), e.reason());
        assertEquals("secant", e.estimates().get("smoothness_source"));

        // Noise-free and gradient-free: zero gain everywhere, which is no decrease either.
        GradientStats zero = new GradientStats(HISTORY_K, 0, 0, 0.01, 0.01);
        RoundHistory nothing = Histories.shiftedExponential(4, 50, 50, N, HISTORY_K, SHIFT, 100, OVERHEAD, zero);
        assertEquals(N, new DynamicBackup(config("empirical"), LR, true).decide(N, nothing).k());
    }

    @Test
    void boundsOnBAreRespected() {
        RoundHistory eager = history(100, 0.01);  // clean gradients, heavy tails: as many backups as allowed
        RoundHistory patient = history(5, 12);    // noisy gradients, light tails: as few as allowed
        assertEquals(N / 2, b(config("empirical"), LR, eager), "default maxBackups n/2");
        assertEquals(3, b(config("empirical", L, 0, 3), LR, eager));
        assertEquals(3, b(config("shifted-exponential", L, 3, 3), LR, patient));
        assertEquals(0, b(config("shifted-exponential"), LR, patient));
        assertEquals(2, b(config("empirical", L, 2, null), LR, patient));
        assertEquals(N - 1, b(config("empirical", L, 0, 100), LR, eager), "at least one worker");

        // A smaller cluster than the history's: bounds follow n.
        DynamicBackup any = new DynamicBackup(config("empirical", L, 0, 100), LR, true);
        assertEquals(1, any.decide(4, eager).k());
        assertEquals(1, any.decide(1, eager).k());
        assertEquals(1, new DynamicBackup(config("empirical", L, 5, null), LR, true).decide(1, eager).k());
        assertEquals(2, new DynamicBackup(config("empirical"), LR, true).decide(4, eager).k(), "n/2 of 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"empirical", "shifted-exponential"})
    void estimatesDescribeTheDecision(String timeModel) {
        double x = 6, v = 19 * x;
        RoundHistory h = history(100, x);
        BackupPolicy.Decision d = new DynamicBackup(config(timeModel), LR, false).decide(N, h);
        Map<String, Object> e = d.estimates();
        for (String key : List.of("grad_norm_sq", "variance", "smoothness", "overhead_ms", "predicted_wait_ms",
                "predicted_round_ms", "gain", "expected_wait_ms", "time_model", "lr", "bound", "reason")) {
            assertTrue(e.containsKey(key), key);
        }
        double overhead = (double) e.get("overhead_ms"), wait = (double) e.get("predicted_wait_ms");
        assertEquals(overhead + wait, (double) e.get("predicted_round_ms"), 1e-9);
        assertEquals(OVERHEAD, overhead, 1e-9);
        assertEquals(GRAD_NORM_SQ, (double) e.get("grad_norm_sq"), 1e-9);
        assertEquals(v, (double) e.get("variance"), 1e-9);
        assertEquals(L, (double) e.get("smoothness"));
        assertEquals("config", e.get("smoothness_source"));
        assertEquals(timeModel, e.get("time_model"));
        assertEquals(LR, e.get("lr"));
        assertTrue(((String) e.get("bound")).startsWith("heuristic"), "not plain SGD");
        assertEquals(d.reason(), e.get("reason"));
        double signal = LR * (1 - L * LR / 2) * GRAD_NORM_SQ, noise = L * LR * LR / 2 * v;
        assertEquals(signal - noise / d.k(), (double) e.get("gain"), 1e-12);

        // The chosen k maximises gain / (overhead + E[R_(k):n]) over the allowed k (expected_wait_ms is rounded to
        // µs, hence the slack).
        double[] waits = (double[]) e.get("expected_wait_ms");
        assertEquals(N, waits.length);
        assertEquals(wait, waits[d.k() - 1], 1e-3);
        double chosen = (signal - noise / d.k()) / (overhead + waits[d.k() - 1]);
        assertTrue(chosen > 0);
        for (int k = N - N / 2; k <= N; k++) {
            double rate = (signal - noise / k) / (overhead + waits[k - 1]);
            assertTrue(rate <= chosen * (1 + 1e-4), "k=" + k + " beats the chosen k=" + d.k());
        }
        if (timeModel.equals("shifted-exponential")) {
            double[] model = ShiftedExponentialFit.model(20).expectedOrderStatistics(N, h);
            assertEquals(model[d.k() - 1], wait, 1e-9);
        }
    }

    @Test
    void smoothnessIsEstimatedFromSecantsWhenNotGiven() {
        GradientStats g = Histories.stats(HISTORY_K, GRAD_NORM_SQ, 19 * 6, 2.5, 0.01);
        RoundHistory h = Histories.shiftedExponential(8, 50, 50, N, HISTORY_K, SHIFT, 100, OVERHEAD, g);
        BackupPolicy.Decision d = new DynamicBackup(config("empirical", null, 0, null), LR, true).decide(N, h);
        assertEquals(2.5, (double) d.estimates().get("smoothness"), 1e-9);
        assertEquals("secant", d.estimates().get("smoothness_source"));
        assertEquals("sgd descent bound", d.estimates().get("bound"));
    }

    @Test
    void sameHistorySameDecision() {
        RoundHistory h = history(60, 5);
        BackupPolicy.Decision a = new DynamicBackup(config("empirical"), LR, true).decide(N, h);
        for (RoundHistory same : List.of(h, RoundHistory.fromBytes(h.toBytes()))) {
            BackupPolicy.Decision b = new DynamicBackup(config("empirical"), LR, true).decide(N, same);
            assertEquals(a.k(), b.k());
            assertEquals(a.reason(), b.reason());
            assertEquals(a.estimates().get("predicted_round_ms"), b.estimates().get("predicted_round_ms"));
        }
    }

    @Test
    void factoryAndConstructorChecks() {
        BackupConfig.Dynamic withLr = BackupConfig.Dynamic.defaults().withProgressModel(ProgressModel.DESCENT_BOUND)
                .withWindow(30).withLearningRate(0.05);
        BackupPolicy p = BackupPolicy.from(withLr, Double.NaN, false);
        assertInstanceOf(DynamicBackup.class, p);
        assertTrue(p.usesGradientStatistics());
        assertEquals(30, p.historyWindow());
        BackupConfig.Dynamic descent = BackupConfig.Dynamic.defaults().withProgressModel(ProgressModel.DESCENT_BOUND);
        assertThrows(ConfigException.class, () -> BackupPolicy.from(descent, Double.NaN, false));
        // The noise-scale model needs no learning rate.
        assertInstanceOf(DynamicBackup.class, BackupPolicy.from(BackupConfig.Dynamic.defaults(), Double.NaN, false));
        assertInstanceOf(DynamicBackup.class, BackupPolicy.from(BackupConfig.Dynamic.defaults(), 0.1, true));
        assertThrows(IllegalArgumentException.class, () -> new DynamicBackup(descent, 0, true));
        assertThrows(IllegalArgumentException.class,
                () -> new DynamicBackup(descent, Double.POSITIVE_INFINITY, true));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Property: whatever the history, 1 ≤ k ≤ n (within the configured bounds), and decide never throws.

    private static double pick(SplittableRandom rng, double... values) {
        return values[rng.nextInt(values.length)];
    }

    private static double[] randomTimes(SplittableRandom rng, int launched) {
        double[] t = new double[launched];
        int mode = rng.nextInt(5);
        double same = pick(rng, 0, 3, 1e12);
        for (int i = 0; i < launched; i++) {
            t[i] = switch (mode) {
                case 0 -> 0;
                case 1 -> Histories.shiftedExponential(rng, 20, 30);
                case 2 -> same;
                case 3 -> pick(rng, 1e9, 1e15, 1e300);
                default -> pick(rng, 0, 1e-9, 1e300, Histories.shiftedExponential(rng, 10, 500));
            };
        }
        return t;
    }

    private static GradientStats randomStats(SplittableRandom rng, int k) {
        if (rng.nextInt(5) == 0) return null;
        double meanNormSq = pick(rng, 0, rng.nextDouble(), 1e6 * rng.nextDouble(), 1e300);
        double variance = k == 1 ? Double.NaN : pick(rng, 0, rng.nextDouble(), 100 * rng.nextDouble(), 1e300);
        double step = pick(rng, Double.NaN, 0, rng.nextDouble(), 1e-300);
        double change = pick(rng, Double.NaN, 0, rng.nextDouble(), 1e300);
        return new GradientStats(k, meanNormSq, variance, step, change);
    }

    @Test
    void randomHistoriesAlwaysGiveAValidK() {
        SplittableRandom rng = new SplittableRandom(20240531);
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(32);
            Integer minB = rng.nextBoolean() ? null : rng.nextInt(40);
            Integer maxB = rng.nextBoolean() ? null : (minB == null ? 0 : minB) + rng.nextInt(40);
            Double smoothness = rng.nextInt(3) == 0 ? null : pick(rng, 1e-6, 0.5, 2, 1e6);
            int warmup = 2 + rng.nextInt(4);
            int window = warmup + rng.nextInt(30);
            BackupConfig.Dynamic config = new BackupConfig.Dynamic(rng.nextBoolean() ? ProgressModel.NOISE_SCALE : ProgressModel.DESCENT_BOUND,
                    warmup, window,
                    pick(rng, 0.01, 0.5, 0.9, 0.999), smoothness, null, minB, maxB,
                    rng.nextBoolean() ? TimeModel.EMPIRICAL : TimeModel.SHIFTED_EXPONENTIAL, pick(rng, 1e-3, 1, 20, 1e9),
                    1 + rng.nextInt(100));
            double lr = pick(rng, 1e-9, 1e-3, 0.1, 1, 50);
            DynamicBackup policy = new DynamicBackup(config, lr, rng.nextBoolean());

            RoundHistory h = new RoundHistory(window);
            int rounds = rng.nextInt(window + 8);
            List<String> shape = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                int launched = rng.nextInt(6) == 0 ? 1 + rng.nextInt(32) : n;
                int k = rng.nextInt(4) == 0 ? 1 : 1 + rng.nextInt(launched);  // k = 1: all censored but one
                double overhead = pick(rng, 0, 2, 1e300);
                h.add(Histories.record(r, randomTimes(rng, launched), k, overhead, randomStats(rng, k)));
                shape.add(launched + ":" + k);
            }
            String what = "trial " + trial + ", n=" + n + ", " + config + ", lr=" + lr + ", rounds " + shape;
            BackupPolicy.Decision d = assertDoesNotThrow(() -> policy.decide(n, h), what);
            int bMax = Math.min(n - 1, maxB == null ? n / 2 : maxB), bMin = Math.min(minB == null ? 0 : minB, bMax);
            assertTrue(d.k() >= 1 && d.k() <= n, "k = " + d.k() + ": " + what);
            assertTrue(d.k() >= n - bMax && d.k() <= n - bMin, "k = " + d.k() + " outside the bounds: " + what);
            assertNotNull(d.reason());
            assertEquals(d.k(), policy.decide(n, h).k(), "deterministic: " + what);
            reasons.merge(d.reason().replaceAll(", waiting for \\d+", ""), 1, Integer::sum);
        }
        // The generator reaches every branch of the policy.
        assertTrue(reasons.keySet().containsAll(List.of("warm-up", "warm-up (no gradient statistics yet)",
                "argmax gain per ms", "noise floor: no k gives an expected decrease")), reasons.toString());
    }

    @Test
    void copiesEqualTheCanonicalConstructionWithNullsForDefaults() {
        assertEquals(new BackupConfig.Dynamic(ProgressModel.DESCENT_BOUND, null, 30, null, null, 0.05, 1, null, null,
                        null, null),
                BackupConfig.Dynamic.defaults().withProgressModel(ProgressModel.DESCENT_BOUND).withWindow(30)
                        .withLearningRate(0.05).withMinBackups(1));
    }
}
