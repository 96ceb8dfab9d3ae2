package org.sparkharness.data.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SyntheticFedProxTest {

    @Test
    void sizesShapesAndLabelsFollowTheGenerator() {
        long seed = 0;
        List<ClientArrays> data = SyntheticFedProx.generate(1, 1, SyntheticFedProx.USERS, seed);
        assertEquals(30, data.size());
        for (ClientArrays c : data) {
            SyntheticFedProx.DeviceModel model = SyntheticFedProx.device(1, 1, seed, c.client());
            int n = c.trainSize() + c.testSize();
            assertEquals(model.n(), n, "client " + c.client());
            assertTrue(n >= 50, "n_k = " + n);
            assertEquals((int) (0.9 * n), c.trainSize());
            assertEquals(SyntheticFedProx.DIMENSION, c.dimension());
            float[][] x = c.trainX();
            for (int i = 0; i < c.trainSize(); i++) {
                assertTrue(c.trainLabel(i) >= 0 && c.trainLabel(i) < SyntheticFedProx.CLASSES);
                // labels are the argmax of the device's own logits for the stored features
                assertEquals(model.label(x[i]), c.trainLabel(i), "client " + c.client() + " row " + i);
            }
        }
    }

    @Test
    void isDeterministicSeedDependentAndPrefixStable() {
        List<ClientArrays> a = SyntheticFedProx.generate(0.5, 0.5, 6, 3L);
        assertEquals(a, SyntheticFedProx.generate(0.5, 0.5, 6, 3L));
        assertNotEquals(a, SyntheticFedProx.generate(0.5, 0.5, 6, 4L));
        assertEquals(a.subList(0, 4), SyntheticFedProx.generate(0.5, 0.5, 4, 3L));
        List<ClientArrays> iid = SyntheticFedProx.generateIid(4, 3L);
        assertEquals(iid, SyntheticFedProx.generateIid(4, 3L));
        assertNotEquals(iid, SyntheticFedProx.generateIid(4, 4L));
    }

    @Test
    void alphaAndBetaAreStandardDeviations() {
        int users = 2000;
        double[] u = new double[users];
        double[] bigB = new double[users];
        for (int k = 0; k < users; k++) {
            SyntheticFedProx.DeviceModel m = SyntheticFedProx.device(1, 3, 8L, k);
            u[k] = m.u();
            bigB[k] = m.bigB();
        }
        assertEquals(1.0, std(u), 0.1, "std of u_k with alpha = 1");
        assertEquals(3.0, std(bigB), 0.3, "std of B_k with beta = 3");
        assertEquals(0.0, SyntheticFedProx.device(0, 0, 8L, 5).u());
        assertEquals(0.0, SyntheticFedProx.device(0, 0, 8L, 5).bigB());
    }

    @Test
    void sizesFollowTheLognormalLaw() {
        // n_k - 50 = int(exp(4 + 2 z)): its median is about e^4 = 54.6
        int users = 2001;
        int[] sizes = new int[users];
        for (int k = 0; k < users; k++) {
            sizes[k] = SyntheticFedProx.device(1, 1, 2L, k).n() - 50;
        }
        java.util.Arrays.sort(sizes);
        int median = sizes[users / 2];
        assertTrue(median >= 45 && median <= 66, "median of n_k - 50 = " + median);
    }

    @Test
    void iidSharesOneModelAndNonIidDoesNot() {
        long seed = 5;
        SplittableRandom r = new SplittableRandom(1);
        SyntheticFedProx.DeviceModel first = SyntheticFedProx.iidDevice(seed, 0);
        int disagreements = 0;
        for (int t = 0; t < 200; t++) {
            float[] x = new float[SyntheticFedProx.DIMENSION];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (r.nextDouble() * 4 - 2);
            }
            int[] iidLabels = new int[10];
            int[] nonIidLabels = new int[10];
            for (int k = 0; k < 10; k++) {
                iidLabels[k] = SyntheticFedProx.iidDevice(seed, k).label(x);
                nonIidLabels[k] = SyntheticFedProx.device(1, 1, seed, k).label(x);
            }
            for (int k = 1; k < 10; k++) {
                assertEquals(iidLabels[0], iidLabels[k], "IID devices disagree on a point");
                disagreements += nonIidLabels[k] != nonIidLabels[0] ? 1 : 0;
            }
        }
        assertTrue(disagreements > 100, "Synthetic(1,1) devices should label points differently: " + disagreements);
        for (int k = 1; k < 5; k++) {
            SyntheticFedProx.DeviceModel other = SyntheticFedProx.iidDevice(seed, k);
            for (int j = 0; j < SyntheticFedProx.DIMENSION; j++) {
                assertArrayEquals(first.w()[j], other.w()[j]);
            }
            assertArrayEquals(first.b(), other.b());
            assertArrayEquals(new double[SyntheticFedProx.DIMENSION], other.v());
        }
    }

    @Test
    void synthetic11LabelsAreSkewedPerClient() {
        List<ClientArrays> data = SyntheticFedProx.generate(1, 1, SyntheticFedProx.USERS, 1L);
        double meanMaxShare = 0;
        for (ClientArrays c : data) {
            int[] counts = new int[SyntheticFedProx.CLASSES];
            for (int y : c.trainY()) {
                counts[y]++;
            }
            meanMaxShare += (double) java.util.Arrays.stream(counts).max().orElseThrow() / c.trainSize();
        }
        meanMaxShare /= data.size();
        assertTrue(meanMaxShare > 0.6, "mean max-class share " + meanMaxShare + " (uniform labels give ~0.15)");
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> SyntheticFedProx.generate(-1, 1, 30, 0), "alpha");
        assertMessage(() -> SyntheticFedProx.generate(1, Double.NaN, 30, 0), "beta");
        assertMessage(() -> SyntheticFedProx.generate(1, 1, 0, 0), "users must be >= 1");
        assertMessage(() -> SyntheticFedProx.generateIid(0, 0), "users");
    }

    /**
     * Golden totals for Synthetic(1,1), 30 devices: they pin the documented draw order, so any change to it (and to
     * every result computed on these data) shows up here. Seed 0 holds one device of about 80k examples: the
     * lognormal(4, 2) size law is that heavy-tailed.
     */
    @Test
    void seededTotalsAreStable() {
        int[][] expected = {{73863, 8223}, {9407, 1060}, {11446, 1285}};
        for (int seed = 0; seed < expected.length; seed++) {
            List<ClientArrays> data = SyntheticFedProx.generate(1, 1, SyntheticFedProx.USERS, seed);
            int train = data.stream().mapToInt(ClientArrays::trainSize).sum();
            int test = data.stream().mapToInt(ClientArrays::testSize).sum();
            assertArrayEquals(expected[seed], new int[] {train, test}, "seed " + seed);
        }
    }

    private static double std(double[] a) {
        double mean = java.util.Arrays.stream(a).average().orElseThrow();
        double ss = 0;
        for (double v : a) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (a.length - 1));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
