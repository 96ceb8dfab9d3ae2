package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreStatisticsTest {
    @Test
    void averageRanksShareTies() {
        assertArrayEquals(new double[] {3, 1, 4.5, 2, 4.5}, Ranks.average(new double[] {5, 1, 7, 2, 7}));
        assertArrayEquals(new double[] {2, 2, 2}, Ranks.average(new double[] {1, 1, 1}));
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 75, 90, 100]) = 1, 2, 3, 4, 7.6, 10
        Map<String, Double> p = ScoreStatistics.percentiles(new double[] {10, 3, 1, 4, 2});
        assertEquals(1.0, p.get("p0"));
        assertEquals(2.0, p.get("p25"));
        assertEquals(3.0, p.get("p50"));
        assertEquals(4.0, p.get("p75"));
        assertEquals(7.6, p.get("p90"), 1e-12);
        assertEquals(10.0, p.get("p100"));
    }

    @Test
    void histogramPutsTheMaximumInTheLastBin() {
        ScoreStats.Histogram h = ScoreStatistics.histogram(new double[] {0, 0.1, 0.5, 0.99, 1.0}, 4);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1.0}, h.edges(), 1e-15);
        assertArrayEquals(new long[] {2, 0, 1, 2}, h.counts());
        assertArrayEquals(new long[] {3, 0}, ScoreStatistics.histogram(new double[] {2, 2, 2}, 2).counts());
    }

    @Test
    void spearmanPerfectInverseAndMonotoneTransforms() {
        double[] a = {1, 2, 3, 4, 5};
        assertEquals(1.0, ScoreStatistics.spearman(a, new double[] {2, 4, 8, 16, 1000}), 1e-12);
        assertEquals(-1.0, ScoreStatistics.spearman(a, new double[] {5, 4, 3, 2, 1}), 1e-12);
        // ranks (1,2,3,4,5) vs (2.5,2.5,1,4,5); deviations (-2,-1,0,1,2) and (-.5,-.5,-2,1,2):
        // Σab = 6.5, Σa² = 10, Σb² = 9.5 ⇒ ρ = 6.5 / √95
        assertEquals(6.5 / Math.sqrt(95), ScoreStatistics.spearman(a, new double[] {3, 3, 1, 4, 5}), 1e-12);
    }

    @Test
    void topOverlapAndClassMeans() {
        double[] a = {9, 8, 7, 1, 2, 3, 4, 5, 6, 0};
        double[] b = {9, 0, 7, 1, 2, 3, 4, 5, 6, 8};
        assertEquals(0.5, ScoreStatistics.topOverlap(a, b, 0.2), 0.0, "top-2: {0,1} vs {0,9}");
        assertEquals(1.0, ScoreStatistics.topOverlap(a, a, 0.3), 0.0);
        double[] means = ScoreStatistics.classMeans(new double[] {1, 3, 10}, new int[] {0, 0, 2}, 3);
        assertEquals(2.0, means[0]);
        assertTrue(Double.isNaN(means[1]));
        assertEquals(10.0, means[2]);
        assertArrayEquals(new double[] {2, 3}, ScoreStatistics.meanOfRuns(new double[][] {{1, 2}, {3, 4}}, 0, 2));
    }
}
