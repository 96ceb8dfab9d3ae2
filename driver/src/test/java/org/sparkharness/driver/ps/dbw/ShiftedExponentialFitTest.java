package org.sparkharness.driver.ps.dbw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

class ShiftedExponentialFitTest {

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    @Test
    void expectedOrderStatisticsMatchTheSpecTable() {
        // docs/algorithms/parameter-server.md §3.1, c = 1, 1/λ = 1; b = n − k.
        ShiftedExponentialFit f = new ShiftedExponentialFit(1, 1);
        assertEquals(3.718, f.expectedOrderStatistic(8, 8), 5e-4);
        assertEquals(2.718, f.expectedOrderStatistic(7, 8), 5e-4);
        assertEquals(1.635, f.expectedOrderStatistic(4, 8), 5e-4);
        assertEquals(4.381, f.expectedOrderStatistic(16, 16), 5e-4);
        assertEquals(3.381, f.expectedOrderStatistic(15, 16), 5e-4);
        assertEquals(2.881, f.expectedOrderStatistic(14, 16), 5e-4);
        assertEquals(2.297, f.expectedOrderStatistic(12, 16), 5e-4);
        assertEquals(1.663, f.expectedOrderStatistic(8, 16), 5e-4);
        assertEquals(5.058, f.expectedOrderStatistic(32, 32), 5e-4);
        assertEquals(2.341, f.expectedOrderStatistic(24, 32), 5e-4);
        assertEquals(1.678, f.expectedOrderStatistic(16, 32), 5e-4);
    }

    @Test
    void expectedOrderStatisticIsTheClosedForm() {
        ShiftedExponentialFit f = new ShiftedExponentialFit(37.5, 0.04);
        for (int n = 1; n <= 40; n++) {
            for (int k = 1; k <= n; k++) {
                assertEquals(Histories.orderStatistic(k, n, 37.5, 25), f.expectedOrderStatistic(k, n), 1e-9,
                        "k=" + k + " n=" + n);
            }
        }
        assertEquals(37.5 + 25, f.mean(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> f.expectedOrderStatistic(0, 4));
        assertThrows(IllegalArgumentException.class, () -> f.expectedOrderStatistic(5, 4));
    }

    @Test
    void closedFormMatchesMonteCarloOrderStatistics() {
        int n = 16, draws = 200_000;
        double shift = 1, mean = 1;
        SplittableRandom rng = new SplittableRandom(11);
        double[] sums = new double[n];
        double[] t = new double[n];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < n; i++) t[i] = Histories.shiftedExponential(rng, shift, mean);
            Arrays.sort(t);
            for (int k = 0; k < n; k++) sums[k] += t[k];
        }
        ShiftedExponentialFit f = new ShiftedExponentialFit(shift, 1 / mean);
        for (int k = 1; k <= n; k++) {
            double mc = sums[k - 1] / draws;
            assertEquals(f.expectedOrderStatistic(k, n), mc, 0.01 * mc, "k=" + k);
        }
    }

    /** 200 rounds of n = 16 workers, c = 50 ms, 1/λ = 20 ms, each cut at the 10th arrival: 6 of 16 censored. */
    private static List<RoundRecord> censoredRounds() {
        SplittableRandom rng = new SplittableRandom(2024);
        List<RoundRecord> rounds = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            rounds.add(Histories.record(r, Histories.shiftedExponential(rng, 16, 50, 20), 10, 2, null));
        }
        return rounds;
    }

    @Test
    void censoredMaximumLikelihoodRecoversShiftAndRate() {
        List<RoundRecord> rounds = censoredRounds();
        assertEquals(6, rounds.get(0).censored().size());
        int observed = rounds.stream().mapToInt(r -> r.observedMillis().size()).sum();
        assertEquals(2000, observed);

        ShiftedExponentialFit f = ShiftedExponentialFit.fit(rounds, ones(rounds.size()));
        double rate = 1 / 20.0, se = rate / Math.sqrt(observed);
        assertEquals(rate, f.rate(), 3 * se, "rate " + f.rate());
        // ĉ = the smallest of 3,200 draws: above c by Exp(mean 20/3200 ms).
        assertTrue(f.shift() >= 50 && f.shift() < 50.1, "shift " + f.shift());

        // The model predicts the round times of the true distribution within the rate's error.
        RoundHistory h = new RoundHistory(200);
        rounds.forEach(h::add);
        double[] e = ShiftedExponentialFit.model(Double.POSITIVE_INFINITY).expectedOrderStatistics(16, h);
        for (int k = 1; k <= 16; k++) {
            double truth = Histories.orderStatistic(k, 16, 50, 20);
            assertEquals(truth, e[k - 1], 0.07 * (truth - 50) + 0.1, "k=" + k);
        }
    }

    @Test
    void ignoringTheCensoredWorkersOverestimatesTheRate() {
        // What §3.3d warns about: the 6 cut-off workers per round are the slow ones; leaving them out makes rounds
        // look fast (rate too high, E[R_(k):n] too low), which would drive b up.
        List<RoundRecord> rounds = censoredRounds();
        List<RoundRecord> naive = rounds.stream().map(Histories::withoutCensoring).toList();
        ShiftedExponentialFit censored = ShiftedExponentialFit.fit(rounds, ones(rounds.size()));
        ShiftedExponentialFit uncensored = ShiftedExponentialFit.fit(naive, ones(naive.size()));
        double se = censored.rate() / Math.sqrt(2000);
        // The mean excess of the 10 fastest of 16 is 20 ms · (1/10) Σ_{j≤10} (H_16 − H_{16−j}) ≈ 8.1 ms.
        double excess = 0;
        for (int j = 1; j <= 10; j++) excess += Histories.orderStatistic(j, 16, 0, 20) / 10;
        assertEquals(1 / excess, uncensored.rate(), 0.1 / excess);
        assertTrue(uncensored.rate() > 2 * censored.rate(), uncensored + " vs " + censored);
        assertTrue(uncensored.rate() - censored.rate() > 20 * se);
        assertTrue(uncensored.expectedOrderStatistic(16, 16) < 0.8 * censored.expectedOrderStatistic(16, 16));
    }

    @Test
    void recencyWeightsFollowAChangeOfTheDelayDistribution() {
        // 60 rounds with 1/λ = 40 ms, then 30 with 1/λ = 10 ms: with a 5-round half-life the fit follows the new
        // regime; with equal weights it sits in between.
        SplittableRandom rng = new SplittableRandom(5);
        RoundHistory h = new RoundHistory(100);
        for (int r = 0; r < 90; r++) {
            h.add(Histories.record(r, Histories.shiftedExponential(rng, 16, 20, r < 60 ? 40 : 10), 16, 1, null));
        }
        List<RoundRecord> window = h.recent();
        ShiftedExponentialFit recent = ShiftedExponentialFit.fit(window, RoundTimeModel.recencyWeights(window, 5));
        ShiftedExponentialFit all = ShiftedExponentialFit.fit(window, RoundTimeModel.recencyWeights(window, Double.POSITIVE_INFINITY));
        assertEquals(10, 1 / recent.rate(), 1.5);
        assertTrue(1 / all.rate() > 20 && 1 / all.rate() < 35, "mean excess " + 1 / all.rate());
    }

    @Test
    void degenerateAndEmptyInput() {
        // Every time equal and nothing censored: no spread to fit, but a finite answer.
        List<RoundRecord> same = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            same.add(Histories.record(r, new double[] {7, 7, 7, 7}, 4, 1, null));
        }
        ShiftedExponentialFit f = ShiftedExponentialFit.fit(same, ones(5));
        assertEquals(7, f.shift());
        assertTrue(Double.isFinite(f.rate()) && f.rate() > 0);
        for (int k = 1; k <= 4; k++) assertEquals(7, f.expectedOrderStatistic(k, 4), 1e-6);

        // All but the fastest censored, at a cut-off equal to the shift: still finite.
        RoundRecord one = new RoundRecord(0, 3, 1, Map.of(0, 5.0), List.of(1, 2), 5, 6, null);
        ShiftedExponentialFit g = ShiftedExponentialFit.fit(List.of(one), ones(1));
        assertTrue(Double.isFinite(g.expectedOrderStatistic(3, 3)));

        assertThrows(IllegalArgumentException.class, () -> ShiftedExponentialFit.fit(List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> ShiftedExponentialFit.model(20).expectedOrderStatistics(4, new RoundHistory(10)));
    }
}
