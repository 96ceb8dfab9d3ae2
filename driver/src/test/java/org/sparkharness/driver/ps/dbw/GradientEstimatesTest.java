package org.sparkharness.driver.ps.dbw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.driver.ps.GradientStats;
import org.sparkharness.driver.ps.GradientSum;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.driver.ps.RoundRecord;

/** The gradient statistics of one round (GradientStats.of, on ND4J arrays) and their smoothing across rounds. */
class GradientEstimatesTest {
    private static final int D = 50, K = 16, EXAMPLES = 8;

    private static INDArray array(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Nd4j.createFromArray(f);
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static RoundRecord record(long round, GradientStats g) {
        return new RoundRecord(round, K, g.workers(), Map.of(0, 1.0), List.of(), 1, 2, g);
    }

    /**
     * k worker gradient sums over {@link #EXAMPLES} examples each, whose per-example means are {@code center} plus
     * N(0, σ²/d) noise per coordinate, so the trace of one worker's covariance is σ².
     */
    private static List<INDArray> workerSums(double[] center, double sigmaSq, SplittableRandom rng) {
        List<INDArray> sums = new ArrayList<>();
        double sd = Math.sqrt(sigmaSq / center.length);
        for (int i = 0; i < K; i++) {
            double[] g = new double[center.length];
            for (int j = 0; j < g.length; j++) g[j] = EXAMPLES * (center[j] + sd * rng.nextGaussian());
            sums.add(array(g));
        }
        return sums;
    }

    /**
     * The round statistics as the parameter server computes them: worker results summed into a {@link GradientSum}
     * (their norms from the "workers"), ḡ its mean gradient, copied into {@code mean}.
     */
    static GradientStats stats(List<INDArray> sums, List<Long> counts, INDArray mean, INDArray params,
                               INDArray previousMean, INDArray previousParams) {
        List<WorkerResult> results = new ArrayList<>();
        for (int i = 0; i < sums.size(); i++) {
            results.add(new WorkerResult(0, i, sums.get(i), counts.get(i), 0, 0, 0, "test"));
        }
        GradientSum sum = GradientSum.of(results);
        mean.assign(sum.meanGradient());
        return GradientStats.of(sum, mean, params, previousMean, previousParams);
    }

    private static List<Long> counts() {
        return java.util.Collections.nCopies(K, (long) EXAMPLES);
    }

    @Test
    void statisticsOfOneRoundFollowTheFormulas() {
        // g = (1, 2), (3, 0), (-1, 1) as sums over 2 examples each; ḡ = (1, 1).
        List<INDArray> sums = List.of(array(new double[] {2, 4}), array(new double[] {6, 0}), array(new double[] {-2, 2}));
        INDArray mean = Nd4j.create(DataType.FLOAT, 2);
        GradientStats s = stats(sums, List.of(2L, 2L, 2L), mean, array(new double[] {1, 1}),
                array(new double[] {0, 0}), array(new double[] {0, 3}));
        assertEquals(3, s.workers());
        assertEquals(1, values(mean)[0], 1e-6);
        assertEquals(1, values(mean)[1], 1e-6);
        assertEquals(2, s.meanNormSq(), 1e-5);
        assertEquals((1 + 5 + 4) / 2.0, s.variance(), 1e-5);  // Σ‖g_i − ḡ‖² / (k − 1)
        assertEquals(5, s.stepNormSq(), 1e-5);                  // ‖(1,1) − (0,3)‖²
        assertEquals(2, s.gradientChangeSq(), 1e-5);            // ‖(1,1) − (0,0)‖²

        GradientStats first = stats(List.of(array(new double[] {2, 4})), List.of(2L),
                Nd4j.create(DataType.FLOAT, 2), array(new double[] {1, 1}), null, null);
        assertTrue(Double.isNaN(first.variance()), "one worker has no variance");
        assertTrue(Double.isNaN(first.stepNormSq()) && Double.isNaN(first.gradientChangeSq()));
        assertEquals(5, first.meanNormSq(), 1e-5);

        assertThrows(IllegalArgumentException.class, () -> stats(List.of(), List.of(),
                Nd4j.create(DataType.FLOAT, 2), array(new double[] {1, 1}), null, null));
    }

    @Test
    void varianceAndGradientNormAreUnbiased() {
        // G7: g_i = μ + noise, ‖μ‖² = 4, V = σ² = 4, k = 16, d = 50, 200 rounds.
        SplittableRandom rng = new SplittableRandom(7);
        double sigmaSq = 4, muSq = 4;
        double[] mu = new double[D];
        double norm = 0;
        for (int j = 0; j < D; j++) {
            mu[j] = rng.nextGaussian();
            norm += mu[j] * mu[j];
        }
        for (int j = 0; j < D; j++) mu[j] *= Math.sqrt(muSq / norm);

        INDArray params = Nd4j.zeros(DataType.FLOAT, D);
        List<RoundRecord> rounds = new ArrayList<>();
        double vSum = 0, corrected = 0, naive = 0;
        for (int r = 0; r < 200; r++) {
            GradientStats s = stats(workerSums(mu, sigmaSq, rng), counts(),
                    Nd4j.create(DataType.FLOAT, D), params, null, null);
            vSum += s.variance();
            corrected += s.meanNormSq() - s.variance() / K;
            naive += s.meanNormSq();
            rounds.add(record(r, s));
        }
        assertEquals(sigmaSq, vSum / 200, 0.05 * sigmaSq);
        assertEquals(muSq, corrected / 200, 0.05 * muSq);
        // ‖ḡ‖² alone is biased up by V/k = 0.25: the correction is what makes it unbiased.
        assertEquals(muSq + sigmaSq / K, naive / 200, 0.08);
        assertEquals(sigmaSq / K, (naive - corrected) / 200, 0.05 * sigmaSq / K);

        // The smoothed estimates the policy uses: weights 0.9^age, about 19 effective rounds.
        GradientEstimates e = GradientEstimates.of(rounds, 0.9);
        assertEquals(200, e.rounds());
        assertEquals(sigmaSq, e.variance(), 0.10 * sigmaSq);
        assertEquals(muSq, e.gradNormSq(), 0.10 * muSq);
        assertTrue(Double.isNaN(e.smoothness()), "no secant terms in these rounds");
        // With decay → 1 the weights are (nearly) equal: the plain means above.
        GradientEstimates flat = GradientEstimates.of(rounds, 0.999_999);
        assertEquals(vSum / 200, flat.variance(), 1e-4 * sigmaSq);
        assertEquals(corrected / 200, flat.gradNormSq(), 1e-4 * muSq);
    }

    @Test
    void noiseCorrectedSecantEstimatesTheSmoothness() {
        // SGD with η = 0.05 on F(w) = ½·L·‖w‖², L = 2, from w = 3·1 (d = 50): 50 rounds, k = 16 workers whose
        // gradients are ∇F(w) + noise of trace σ² = 1. ‖∇F‖² stays well above the noise V/k over the window: the
        // regime where the corrected secant works (≈ 2.13 here). Near the noise floor it is biased high: the step
        // w_t − w_{t−1} = −η·ḡ_{t−1} carries the previous round's noise, which adds 2ηL·V/k to E‖ḡ_t − ḡ_{t−1}‖²
        // beyond the 2V/k taken out (at stationarity with ηL = 0.2 the estimate is ≈ 3·L).
        double L = 2, eta = 0.05, sigmaSq = 1;
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[D];
        java.util.Arrays.fill(w, 3);
        List<RoundRecord> rounds = new ArrayList<>();
        INDArray previousMean = null, previousParams = null;
        for (int r = 0; r < 50; r++) {
            double[] grad = new double[D];
            for (int j = 0; j < D; j++) grad[j] = L * w[j];
            INDArray params = array(w), mean = Nd4j.create(DataType.FLOAT, D);
            GradientStats s = stats(workerSums(grad, sigmaSq, rng), counts(), mean, params,
                    previousMean, previousParams);
            rounds.add(record(r, s));
            double[] g = values(mean);
            for (int j = 0; j < D; j++) w[j] -= eta * g[j];
            previousMean = mean;
            previousParams = params;
        }
        GradientEstimates e = GradientEstimates.of(rounds, 0.9);
        // The same weighted secant without the noise correction.
        double change = 0, step = 0;
        for (int r = 1; r < rounds.size(); r++) {
            double weight = Math.pow(0.9, rounds.size() - 1 - r);
            change += weight * rounds.get(r).gradients().gradientChangeSq();
            step += weight * rounds.get(r).gradients().stepNormSq();
        }
        double raw = Math.sqrt(change / step);
        assertEquals(L, e.smoothness(), 0.15 * L, "corrected secant");
        assertTrue(raw > 1.3 * L, "raw secant " + raw);
        assertTrue(raw - L > 3 * Math.abs(e.smoothness() - L), "raw " + raw + " vs corrected " + e.smoothness());
    }

    @Test
    void exactStatisticsGiveExactEstimates() {
        // Hand-built rounds whose secant terms are those of L = 3 plus the noise of both gradients.
        List<RoundRecord> rounds = new ArrayList<>();
        rounds.add(record(0, new GradientStats(K, 2 + 0.5 / K, 0.5, Double.NaN, Double.NaN)));
        for (int r = 1; r < 10; r++) rounds.add(record(r, Histories.stats(K, 2, 0.5, 3, 0.01 * r)));
        GradientEstimates e = GradientEstimates.of(rounds, 0.9);
        assertEquals(2, e.gradNormSq(), 1e-12);
        assertEquals(0.5, e.variance(), 1e-12);
        assertEquals(3, e.smoothness(), 1e-9);
        assertEquals(10, e.rounds());
    }

    @Test
    void gapsAndDegenerateRounds() {
        assertEquals(0, GradientEstimates.of(List.of(), 0.9).rounds());
        assertTrue(Double.isNaN(GradientEstimates.of(List.of(), 0.9).variance()));

        // Null gradients and one-worker rounds (NaN variance) contribute nothing and break the secant chain: a
        // secant needs the previous round's noise.
        List<RoundRecord> rounds = new ArrayList<>();
        rounds.add(record(0, Histories.stats(K, 2, 0.5, 3, 0.01)));
        rounds.add(new RoundRecord(1, K, K, Map.of(0, 1.0), List.of(), 1, 2, null));
        rounds.add(record(2, Histories.stats(K, 2, 0.5, 3, 0.01)));
        rounds.add(record(3, new GradientStats(1, 2, Double.NaN, 0.01, 5)));
        rounds.add(record(4, Histories.stats(K, 2, 0.5, 3, 0.01)));
        GradientEstimates e = GradientEstimates.of(rounds, 0.9);
        assertEquals(3, e.rounds());
        assertTrue(Double.isNaN(e.smoothness()), "no two consecutive rounds with statistics");

        // ‖ḡ‖² below V̂/k: the corrected gradient norm is floored at 0, and so is a negative corrected secant.
        GradientEstimates small = GradientEstimates.of(List.of(
                record(0, new GradientStats(K, 0.01, 1.0, Double.NaN, Double.NaN)),
                record(1, new GradientStats(K, 0.01, 1.0, 1.0, 0.01))), 0.9);
        assertEquals(0, small.gradNormSq());
        assertEquals(0, small.smoothness());
        // A zero step carries no secant.
        GradientEstimates still = GradientEstimates.of(List.of(
                record(0, new GradientStats(K, 1, 1.0, Double.NaN, Double.NaN)),
                record(1, new GradientStats(K, 1, 1.0, 0, 0.5))), 0.9);
        assertTrue(Double.isNaN(still.smoothness()));
    }
}
