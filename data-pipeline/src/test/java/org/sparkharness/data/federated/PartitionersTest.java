package org.sparkharness.data.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PartitionersTest {

    /** {@code perClass} examples of each of {@code classes} classes, interleaved 0,1,..,C-1,0,1,... */
    static int[] labels(int classes, int perClass) {
        int[] y = new int[classes * perClass];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    static int[] classCounts(int[] indices, int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        return counts;
    }

    static double maxShare(int[] counts) {
        int total = Arrays.stream(counts).sum();
        return (double) Arrays.stream(counts).max().orElse(0) / total;
    }

    @Nested
    class Iid {

        @Test
        void coversEveryIndexOnceWithSizesWithinOne() {
            List<ClientSplit> splits = Partitioners.iid(7, 1000, 103, 5L);
            assertEquals(7, splits.size());
            checkCover(splits.stream().map(ClientSplit::train).toList(), 1000);
            checkCover(splits.stream().map(ClientSplit::test).toList(), 103);
            // 1000 = 7·142 + 6: the first six clients get 143
            for (ClientSplit s : splits) {
                assertEquals(s.client() < 6 ? 143 : 142, s.trainSize(), "client " + s.client());
            }
        }

        private void checkCover(List<int[]> parts, int n) {
            int[] seen = new int[n];
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int[] p : parts) {
                for (int i : p) {
                    seen[i]++;
                }
                min = Math.min(min, p.length);
                max = Math.max(max, p.length);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "index " + i);
            }
            assertTrue(max - min <= 1, "sizes " + min + ".." + max);
        }

        @Test
        void isShuffledAndDeterministic() {
            List<ClientSplit> a = Partitioners.iid(4, 400, 40, 1L);
            assertEquals(a, Partitioners.iid(4, 400, 40, 1L));
            assertNotEquals(a, Partitioners.iid(4, 400, 40, 2L));
            int[] first = a.get(0).train();
            int[] sorted = first.clone();
            Arrays.sort(sorted);
            assertTrue(!Arrays.equals(first, sorted) || sorted[sorted.length - 1] != sorted.length - 1,
                    "client 0 got the first block in order: not shuffled");
        }

        @Test
        void rejectsBadArguments() {
            assertMessage(() -> Partitioners.iid(0, 10, 10, 0), "numClients");
            assertMessage(() -> Partitioners.iid(11, 10, 10, 0), "trainSize");
            assertMessage(() -> Partitioners.iid(2, 10, -1, 0), "testSize");
        }
    }

    @Nested
    class Dirichlet {

        final int[] train = labels(10, 600);
        final int[] test = labels(10, 100);

        @Test
        void everyClientHasExactSizesAndFlingCounts() {
            long seed = 11;
            List<ClientSplit> splits = Partitioners.dirichlet(train, test, 10, 20, 0.5, 500, 100, seed);
            for (ClientSplit s : splits) {
                assertEquals(500, s.trainSize());
                assertEquals(100, s.testSize());
                double[] q = Partitioners.dirichletProportions(0.5, 10, seed, s.client());
                int[] trainCounts = classCounts(s.train(), train, 10);
                int[] testCounts = classCounts(s.test(), test, 10);
                int[] expectTrain = new int[10];
                int[] expectTest = new int[10];
                int sumTrain = 0;
                int sumTest = 0;
                for (int j = 0; j < 9; j++) {
                    expectTrain[j] = (int) (500 * q[j] + 0.5);
                    expectTest[j] = (int) (100 * q[j] + 0.5);
                    sumTrain += expectTrain[j];
                    sumTest += expectTest[j];
                }
                expectTrain[9] = 500 - sumTrain;
                expectTest[9] = 100 - sumTest;
                if (expectTrain[9] >= 0) {
                    assertArrayEquals(expectTrain, trainCounts, "train counts of client " + s.client());
                }
                if (expectTest[9] >= 0) {
                    assertArrayEquals(expectTest, testCounts, "test counts of client " + s.client());
                }
                double tv = 0;
                for (int j = 0; j < 10; j++) {
                    tv += Math.abs(trainCounts[j] / 500.0 - testCounts[j] / 100.0) / 2;
                }
                assertTrue(tv <= 0.15, "client " + s.client() + " train/test label TV " + tv);
            }
        }

        @Test
        void alphaControlsSkew() {
            double skewed = meanMaxShare(0.1);
            double uniform = meanMaxShare(100);
            assertTrue(skewed > 0.6, "alpha 0.1 mean max-class share " + skewed);
            assertTrue(uniform < 0.2, "alpha 100 mean max-class share " + uniform);
        }

        private double meanMaxShare(double alpha) {
            List<ClientSplit> splits = Partitioners.dirichlet(train, test, 10, 50, alpha, 500, 100, 3L);
            return splits.stream().mapToDouble(s -> maxShare(classCounts(s.train(), train, 10))).average()
                    .orElseThrow();
        }

        @Test
        void drawsWithReplacementOnlyWhenAClassRunsShort() {
            // class 0 has only 5 train examples; the others 600
            int[] y = new int[5 + 9 * 600];
            for (int i = 5; i < y.length; i++) {
                y[i] = 1 + (i - 5) % 9;
            }
            List<ClientSplit> splits = Partitioners.dirichlet(y, test, 10, 40, 0.3, 200, 50, 7L);
            int[] available = classCounts(java.util.stream.IntStream.range(0, y.length).toArray(), y, 10);
            int clientsShort = 0;
            for (ClientSplit s : splits) {
                int[] idx = s.train();
                int[] counts = classCounts(idx, y, 10);
                for (int j = 0; j < 10; j++) {
                    final int cls = j;
                    long distinct = Arrays.stream(idx).filter(i -> y[i] == cls).distinct().count();
                    if (counts[j] <= available[j]) {
                        assertEquals(counts[j], distinct, "client " + s.client() + " class " + j
                                + " repeated an example although the class had enough");
                    } else {
                        clientsShort++;
                        assertTrue(distinct <= available[j]);
                    }
                }
            }
            assertTrue(clientsShort > 0, "fixture should make some client run short of class 0");
        }

        @Test
        void isDeterministicAndSeedDependent() {
            List<ClientSplit> a = Partitioners.dirichlet(train, test, 10, 5, 1.0, 100, 20, 42L);
            assertEquals(a, Partitioners.dirichlet(train, test, 10, 5, 1.0, 100, 20, 42L));
            assertNotEquals(a, Partitioners.dirichlet(train, test, 10, 5, 1.0, 100, 20, 43L));
            // per-client streams: client 2 does not depend on how many clients there are
            assertEquals(a.get(2), Partitioners.dirichlet(train, test, 10, 3, 1.0, 100, 20, 42L).get(2));
        }

        @Test
        void tinyAlphaGivesFiniteProportions() {
            double[] q = Partitioners.dirichletProportions(1e-4, 10, 1L, 0);
            double sum = 0;
            for (double v : q) {
                assertTrue(v >= 0 && Double.isFinite(v), Arrays.toString(q));
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
        }

        @Test
        void flingCountsNeverGoNegative() {
            // rounding the first three up gives 4 + 4 + 3 = 11 > 10: Fling would ask numpy for -1 samples
            double[] q = {0.35, 0.35, 0.29, 0.01};
            int[] counts = Partitioners.flingCounts(q, 10);
            assertEquals(10, Arrays.stream(counts).sum());
            assertTrue(Arrays.stream(counts).allMatch(c -> c >= 0), Arrays.toString(counts));
            // both 0.35s overshoot by 0.5; the lower class gives one back
            assertArrayEquals(new int[] {3, 4, 3, 0}, counts);
            assertArrayEquals(new int[] {2, 3, 5}, Partitioners.flingCounts(new double[] {0.2, 0.3, 0.5}, 10));
        }

        @Test
        void rejectsBadArguments() {
            assertMessage(() -> Partitioners.dirichlet(train, test, 10, 2, 0, 10, 1, 0), "alpha must be > 0");
            assertMessage(() -> Partitioners.dirichlet(train, test, 10, 2, Double.NaN, 10, 1, 0), "alpha");
            assertMessage(() -> Partitioners.dirichlet(train, test, 10, 2, 1, 0, 1, 0), "trainPerClient");
            assertMessage(() -> Partitioners.dirichlet(train, test, 10, 0, 1, 10, 1, 0), "numClients");
            assertMessage(() -> Partitioners.dirichlet(train, test, 9, 2, 1, 10, 1, 0), "trainLabels[9] = 9");
            int[] testWithoutClass3 = Arrays.stream(test).map(l -> l == 3 ? 4 : l).toArray();
            assertMessage(() -> Partitioners.dirichlet(train, testWithoutClass3, 10, 5, 100, 100, 100, 0),
                    "class 3 has no examples in testLabels");
        }
    }

    @Nested
    class Shards {

        final int[] train = labels(10, 60);
        final int[] test = labels(10, 20);

        @Test
        void classPureShardsGiveAtMostShardsPerClientLabelsAndUseEveryIndexOnce() {
            List<ClientSplit> splits = Partitioners.shards(train, test, 10, 10, 2, 30, 9L);
            int[] seen = new int[train.length];
            for (ClientSplit s : splits) {
                assertEquals(60, s.trainSize());
                Set<Integer> trainClasses = new HashSet<>();
                for (int i : s.train()) {
                    seen[i]++;
                    trainClasses.add(train[i]);
                }
                assertTrue(trainClasses.size() <= 2, "client " + s.client() + " has labels " + trainClasses);
                assertEquals(30, s.testSize());
                int[] trainCounts = classCounts(s.train(), train, 10);
                int[] testCounts = classCounts(s.test(), test, 10);
                for (int j = 0; j < 10; j++) {
                    // shares 1/2 or 1 over 30 test examples apportion exactly
                    assertEquals(trainCounts[j] / 60.0 * 30, testCounts[j], 1e-9, "client " + s.client());
                }
            }
            for (int i = 0; i < seen.length; i++) {
                assertEquals(1, seen[i], "train index " + i);
            }
        }

        @Test
        void unevenSizesStillUseEveryIndexOnce() {
            int[] y = labels(3, 101);
            List<ClientSplit> splits = Partitioners.shards(y, test, 10, 7, 3, 5, 1L);
            int[] seen = new int[y.length];
            for (ClientSplit s : splits) {
                for (int i : s.train()) {
                    seen[i]++;
                }
            }
            assertTrue(Arrays.stream(seen).allMatch(c -> c == 1));
        }

        @Test
        void isDeterministicAndSeedDependent() {
            List<ClientSplit> a = Partitioners.shards(train, test, 10, 10, 2, 10, 4L);
            assertEquals(a, Partitioners.shards(train, test, 10, 10, 2, 10, 4L));
            assertNotEquals(a, Partitioners.shards(train, test, 10, 10, 2, 10, 5L));
        }

        @Test
        void apportionNeverGivesUnseenClasses() {
            int[] counts = Partitioners.apportion(new double[] {1.0 / 3, 0, 2.0 / 3, 0}, 10);
            assertArrayEquals(new int[] {3, 0, 7, 0}, counts);
            assertArrayEquals(new int[] {4, 3, 3}, Partitioners.apportion(new double[] {0.34, 0.33, 0.33}, 10));
        }

        @Test
        void rejectsBadArguments() {
            assertMessage(() -> Partitioners.shards(train, test, 10, 301, 2, 1, 0),
                    "numClients·shardsPerClient must be <= train size 600");
            assertMessage(() -> Partitioners.shards(train, test, 10, 10, 0, 1, 0), "shardsPerClient");
            assertMessage(() -> Partitioners.shards(train, test, 10, 10, 2, -1, 0), "testPerClient");
        }
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
