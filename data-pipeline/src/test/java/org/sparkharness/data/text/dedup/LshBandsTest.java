package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The banding formula, its agreement with simulated signatures, band keys and bucket pairs. */
class LshBandsTest {

    @Test
    void candidateProbabilityMatchesThePublishedFineWebFigures() {
        // FineWeb blog App. E.1 (14 x 8): 56 / 77 / 92 / 98.8 % at s = 0.7 / 0.75 / 0.8 / 0.85
        assertEquals(0.56, LshBands.candidateProbability(0.70, 14, 8), 0.005);
        assertEquals(0.77, LshBands.candidateProbability(0.75, 14, 8), 0.005);
        assertEquals(0.924, LshBands.candidateProbability(0.80, 14, 8), 0.0005);
        assertEquals(0.988, LshBands.candidateProbability(0.85, 14, 8), 0.0005);
        assertEquals(0.72, LshBands.threshold(14, 8), 0.005);
        assertEquals(0.0, LshBands.candidateProbability(0, 14, 8));
        assertEquals(1.0, LshBands.candidateProbability(1, 14, 8));
        assertEquals(1 - Math.pow(1 - 0.5, 3), LshBands.candidateProbability(0.5, 3, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LshBands.candidateProbability(1.5, 14, 8));
        Map<String, Double> table = LshBands.candidateProbabilityTable(14, 8);
        assertEquals(List.of("0.50", "0.55", "0.60", "0.65", "0.70", "0.75", "0.80", "0.85", "0.90", "0.95"),
                List.copyOf(table.keySet()));
        double previous = 0;
        for (double p : table.values()) {
            assertTrue(p > previous);
            previous = p;
        }
    }

    /**
     * Shingle sets with exact Jaccard s (|A ∪ B| = 100, |A ∩ B| = 100s, |A| = |B|) and fresh random elements per
     * trial: the fraction of pairs sharing at least one band key agrees with 1 − (1 − s^8)^14 within 4 binomial
     * standard deviations.
     */
    @Test
    void simulatedCandidateRateAgreesWithTheFormula() {
        MinHasher hasher = MinHasher.datatroveDefaults();
        SplittableRandom rnd = new SplittableRandom(5);
        int trials = 2500;
        for (double s : new double[] {0.5, 0.7, 0.8}) {
            int common = (int) Math.round(100 * s);
            int size = (100 + common) / 2;
            assertEquals(s, common / (2.0 * size - common), 1e-12);
            int hits = 0;
            for (int t = 0; t < trials; t++) {
                long[] a = new long[size];
                long[] b = new long[size];
                for (int i = 0; i < size; i++) {
                    a[i] = rnd.nextLong();
                    b[i] = i < common ? a[i] : rnd.nextLong();
                }
                long[] sa = hasher.signatureOfShingles(a);
                long[] sb = hasher.signatureOfShingles(b);
                for (int band = 0; band < 14; band++) {
                    if (LshBands.bandKey(sa, band, 8) == LshBands.bandKey(sb, band, 8)) {
                        hits++;
                        break;
                    }
                }
            }
            double p = LshBands.candidateProbability(s, 14, 8);
            double rate = (double) hits / trials;
            double sd = Math.sqrt(p * (1 - p) / trials);
            assertTrue(Math.abs(rate - p) <= 4 * sd, "s = " + s + ": rate " + rate + " vs P " + p);
        }
    }

    @Test
    void bandKeysDependOnTheBandsValuesAndIndexOnly() {
        long[] sig = new long[16];
        for (int i = 0; i < sig.length; i++) {
            sig[i] = 1000 + i;
        }
        long[] changedInBand1 = sig.clone();
        changedInBand1[9]++;
        assertEquals(LshBands.bandKey(sig, 0, 8), LshBands.bandKey(changedInBand1, 0, 8));
        assertNotEquals(LshBands.bandKey(sig, 1, 8), LshBands.bandKey(changedInBand1, 1, 8));
        long[] sameValuesBothBands = new long[16];
        assertNotEquals(LshBands.bandKey(sameValuesBothBands, 0, 8), LshBands.bandKey(sameValuesBothBands, 1, 8));
        long[] swapped = sig.clone();
        swapped[0] = sig[1];
        swapped[1] = sig[0];
        assertNotEquals(LshBands.bandKey(sig, 0, 8), LshBands.bandKey(swapped, 0, 8));
    }

    @Test
    void smallBucketsGiveAllPairsLargeOnesAStarFromTheSmallestId() {
        List<Row> small = BandCandidates.bucketPairs(List.of(30L, 10L, 20L), 3);
        assertEquals(List.of(List.of(10L, 20L), List.of(10L, 30L), List.of(20L, 30L)), asPairs(small));
        List<Row> large = BandCandidates.bucketPairs(List.of(30L, 10L, 20L, 40L), 3);
        assertEquals(List.of(List.of(10L, 20L), List.of(10L, 30L), List.of(10L, 40L)), asPairs(large));
        assertEquals(List.of(), asPairs(BandCandidates.bucketPairs(List.of(5L, 5L), 3)));
    }

    private static List<List<Long>> asPairs(List<Row> rows) {
        return rows.stream().map(r -> List.of(r.getLong(0), r.getLong(1))).toList();
    }
}
