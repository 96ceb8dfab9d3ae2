package org.sparkharness.driver.ps.dbw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

class EmpiricalRoundTimesTest {
    private static final int N = 16;

    @Test
    void iidUncensoredHistoryGivesTheClosedFormOrderStatistics() {
        // 300 rounds of 16 workers at c = 50 ms, 1/λ = 20 ms, everyone awaited.
        RoundHistory h = Histories.shiftedExponential(1, 300, 300, N, N, 50, 20, 2, null);
        double[] e = new EmpiricalRoundTimes(20_000, Double.POSITIVE_INFINITY).expectedOrderStatistics(N, h);
        for (int k = 1; k <= N; k++) {
            double truth = Histories.orderStatistic(k, N, 50, 20);
            assertEquals(truth, e[k - 1], 0.03 * truth, "k=" + k);
        }
        // The configured default (1,000 draws, 20-round half-life) is coarser but in the same place.
        double[] d = new EmpiricalRoundTimes(1000, 20).expectedOrderStatistics(N, h);
        for (int k = 1; k <= N; k++) {
            double truth = Histories.orderStatistic(k, N, 50, 20);
            assertEquals(truth, d[k - 1], 0.08 * truth, "default config, k=" + k);
        }
    }

    @Test
    void orderStatisticsAreNonDecreasingAndAboveTheFastestTime() {
        RoundHistory h = Histories.shiftedExponential(3, 50, 80, N, 12, 50, 20, 2, null);
        double[] e = new EmpiricalRoundTimes(500, 20).expectedOrderStatistics(N, h);
        double fastest = h.recent().stream().flatMap(r -> r.observedMillis().values().stream())
                .mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(e[0] >= fastest);
        for (int k = 1; k < N; k++) assertTrue(e[k] >= e[k - 1], "k=" + (k + 1));
    }

    /**
     * Worker 0 is 5× slower than the rest: awaited in rounds 0 and 1 (b = 0), then always cut off at the 15th
     * arrival for 100 rounds. With {@code capacity} 120 its two uncensored times are still in the window; with 30
     * they are only in the history's per-worker memory.
     */
    private static RoundHistory slowWorkerHistory(int capacity, double[] slowObserved) {
        SplittableRandom rng = new SplittableRandom(77);
        RoundHistory h = new RoundHistory(capacity);
        for (int r = 0; r < 102; r++) {
            double[] t = Histories.shiftedExponential(rng, N, 50, 10);
            t[0] = 5 * Histories.shiftedExponential(rng, 50, 10);
            if (r < 2) slowObserved[r] = t[0];
            h.add(Histories.record(r, t, r < 2 ? N : N - 1, 2, null));
        }
        return h;
    }

    @ParameterizedTest
    @ValueSource(ints = {120, 30})
    void aPersistentlySlowWorkerStaysSlow(int capacity) {
        double[] slow = new double[2];
        RoundHistory h = slowWorkerHistory(capacity, slow);
        List<RoundRecord> window = h.recent();
        assertEquals(capacity == 120, window.get(0).round() == 0, "the early rounds in the window or not");
        assertTrue(window.get(window.size() - 1).censored().equals(List.of(0)));
        assertEquals(List.of(slow[0], slow[1]), h.lastObserved(0));

        double[] e = new EmpiricalRoundTimes(20_000, Double.POSITIVE_INFINITY).expectedOrderStatistics(N, h);
        double slowMean = (slow[0] + slow[1]) / 2;
        double cutoff = window.stream().mapToDouble(RoundRecord::cutoffMillis).average().orElseThrow();
        // Waiting for everyone means waiting for worker 0: its own times, not the cut-off it was censored at.
        assertEquals(slowMean, e[N - 1], 0.02 * slowMean);
        assertTrue(e[N - 1] > 2.5 * cutoff, "E[R_(16)] " + e[N - 1] + " vs cut-off " + cutoff);
        // Without worker 0, the 15th arrival is the slowest of 15 fast workers: 50 + 10·H_15.
        double fast = Histories.orderStatistic(15, 15, 50, 10);
        assertEquals(fast, e[N - 2], 0.05 * fast);

        // The i.i.d. fit cannot see the slow worker: it predicts a much faster full round.
        double[] iid = ShiftedExponentialFit.model(Double.POSITIVE_INFINITY).expectedOrderStatistics(N, h);
        assertTrue(iid[N - 1] < 0.5 * e[N - 1], "i.i.d. E[R_(16)] " + iid[N - 1]);
    }

    @Test
    void sameHistorySameEstimate() {
        RoundHistory h = Histories.shiftedExponential(9, 50, 60, N, 13, 40, 30, 3, null);
        EmpiricalRoundTimes model = new EmpiricalRoundTimes(1000, 20);
        double[] first = model.expectedOrderStatistics(N, h);
        assertArrayEquals(first, model.expectedOrderStatistics(N, h));
        assertArrayEquals(first, new EmpiricalRoundTimes(1000, 20).expectedOrderStatistics(N, h));
        // A checkpointed and restored history gives the same estimate, so a resumed run decides the same.
        assertArrayEquals(first, model.expectedOrderStatistics(N, RoundHistory.fromBytes(h.toBytes())));
    }

    @Test
    void workersNeverSeenBorrowOtherWorkersTimes() {
        // Launched 6 workers but only 0..2 ever reported (the first rounds of a grown cluster).
        RoundHistory h = new RoundHistory(10);
        h.add(new RoundRecord(0, 3, 3, Map.of(0, 10.0, 1, 20.0, 2, 30.0), List.of(), 30, 31, null));
        h.add(new RoundRecord(1, 3, 2, Map.of(0, 12.0, 1, 18.0), List.of(2), 18, 19, null));
        double[] e = new EmpiricalRoundTimes(2000, 20).expectedOrderStatistics(6, h);
        assertEquals(6, e.length);
        for (int k = 0; k < 6; k++) {
            assertTrue(Double.isFinite(e[k]) && e[k] >= 10, "k=" + (k + 1) + ": " + e[k]);
            if (k > 0) assertTrue(e[k] >= e[k - 1]);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new EmpiricalRoundTimes(10, 20).expectedOrderStatistics(4, new RoundHistory(5)));
        assertThrows(IllegalArgumentException.class, () -> new EmpiricalRoundTimes(0, 20));
    }
}
