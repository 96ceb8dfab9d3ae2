package org.sparkharness.data.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SelectionTest {
    // Positions:                0     1     2     3     4     5
    private static final double[] S = {0.5, 0.9, 0.9, 0.1, 0.7, 0.9};
    private static final long[] IDS = {10, 30, 20, 40, 50, 5};
    private static final int[] LABELS = {0, 0, 0, 0, 0, 0};

    private static long[] keptIds(double[] scores, long[] ids, int[] labels, PruneSettings s) {
        return Arrays.stream(Selection.select(scores, ids, labels, s)).mapToLong(i -> ids[i]).toArray();
    }

    @Test
    void hardestIsTheDescendingWindowAfterTheOffsetWithTiesByIdAscending() {
        // Hardness order: 0.9 (ids 5, 20, 30), 0.7 (50), 0.5 (10), 0.1 (40).
        Selection.Result r = Selection.run(S, IDS, LABELS, PruneSettings.hardest(0.5, 0));
        assertArrayEquals(new long[] {4, 2, 1, 5, 3, 0}, new long[] {r.rank()[0], r.rank()[1], r.rank()[2],
                r.rank()[3], r.rank()[4], r.rank()[5]}, "ranks by (score desc, id asc)");
        assertArrayEquals(new long[] {5, 20, 30}, keptIds(S, IDS, LABELS, PruneSettings.hardest(0.5, 0)));
        assertArrayEquals(new long[] {20, 30, 50}, keptIds(S, IDS, LABELS, PruneSettings.hardest(0.5, 1)),
                "offset 1 skips the hardest: descOrder[1:4]");
        assertArrayEquals(new long[] {20, 30, 50}, keptIds(S, IDS, LABELS, PruneSettings.hardest(0.5, 0.2)),
                "offset 0.2·6 = 1.2 floors to 1");
        assertArrayEquals(new long[] {10, 40}, keptIds(S, IDS, LABELS, PruneSettings.hardest(0.34, 4)));
        assertEquals(1, Selection.run(S, IDS, LABELS, PruneSettings.hardest(0.5, 1)).offset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Selection.select(S, IDS, LABELS, PruneSettings.hardest(0.5, 4)));
        assertTrue(e.getMessage().contains("offset 4 + budget 3 exceeds the 6"), e.getMessage());
    }

    @Test
    void offsetDefaultsToTwoPercentAtThirtyPercentAndBelow() {
        assertEquals(2, PruneSettings.hardest(0.3).offsetCount(100));
        assertEquals(1200, PruneSettings.hardest(0.3).offsetCount(60_000));
        assertEquals(18_000, PruneSettings.hardest(0.3).budget(60_000), "0.3 · 60000 is 18000, not 17999");
        assertEquals(0, PruneSettings.hardest(0.31).offsetCount(100));
        assertEquals(0, PruneSettings.hardest(0.3, 0).offsetCount(100), "an explicit 0 switches it off");
        assertEquals(0, PruneSettings.random(0.1, 1).offsetCount(100), "only hardest has an offset");
        double[] scores = LongStream.range(0, 100).mapToDouble(i -> i / 100.0).toArray();
        long[] ids = LongStream.range(0, 100).toArray();
        long[] kept = keptIds(scores, ids, new int[100], PruneSettings.hardest(0.3));
        assertEquals(30, kept.length);
        assertEquals(97, kept[0], "ids 99 and 98 (the top 2 %) are skipped");
        assertEquals(68, kept[29]);
    }

    @Test
    void easiestTakesTheLowestWithTiesByIdAscending() {
        double[] scores = {0.2, 0.1, 0.1, 0.3};
        long[] ids = {1, 9, 4, 2};
        assertArrayEquals(new long[] {4, 9}, sortedById(keptIds(scores, ids, new int[4], PruneSettings.easiest(0.5))));
        assertArrayEquals(new long[] {4}, keptIds(scores, ids, new int[4], PruneSettings.easiest(0.25)));
    }

    @Test
    void randomIsSeededNestedAndIndependentOfInputOrder() {
        int n = 1000;
        double[] scores = new Random(1).doubles(n).toArray();
        long[] ids = LongStream.range(0, n).map(i -> 3 * i + 7).toArray();
        int[] labels = new int[n];
        long[] a = keptIds(scores, ids, labels, PruneSettings.random(0.5, 11));
        assertEquals(500, a.length);
        assertArrayEquals(a, keptIds(scores, ids, labels, PruneSettings.random(0.5, 11)), "deterministic");
        assertNotEquals(asSet(a), asSet(keptIds(scores, ids, labels, PruneSettings.random(0.5, 12))), "seeded");
        assertTrue(asSet(a).containsAll(asSet(keptIds(scores, ids, labels, PruneSettings.random(0.3, 11)))),
                "the 30 % subset is inside the 50 % one");
        // Reverse the input: the same ids are kept.
        double[] rs = new double[n];
        long[] rids = new long[n];
        for (int i = 0; i < n; i++) {
            rs[i] = scores[n - 1 - i];
            rids[i] = ids[n - 1 - i];
        }
        assertEquals(asSet(a), asSet(keptIds(rs, rids, labels, PruneSettings.random(0.5, 11))));
        // Not the hardest or easiest half in disguise: scores of kept examples span the range.
        double keptMean = Arrays.stream(Selection.select(scores, ids, labels, PruneSettings.random(0.5, 11)))
                .mapToDouble(i -> scores[i]).average().orElseThrow();
        assertEquals(0.5, keptMean, 0.05);
    }

    @Test
    void perClassBudgetsRoundHalfEvenAndRankWithinEachClass() {
        // classes 0, 1, 2 with 3, 5, 7 examples; f = 0.5 ⇒ round(1.5) = 2, round(2.5) = 2, round(3.5) = 4.
        int[] labels = {0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2};
        double[] scores = {0.1, 0.9, 0.5, 0.3, 0.2, 0.8, 0.7, 0.1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3};
        long[] ids = LongStream.range(0, 15).toArray();
        PruneSettings s = PruneSettings.hardest(0.5, 0).withPerClass(true);
        long[] kept = sortedById(keptIds(scores, ids, labels, s));
        assertArrayEquals(new long[] {1, 2, 5, 6, 8, 9, 10, 11}, kept);
        assertEquals(2, Selection.classBudget(0.5, 3));
        assertEquals(2, Selection.classBudget(0.5, 5));
        assertEquals(4, Selection.classBudget(0.5, 7));
        PruneManifest manifest = PruneManifest.of(s, Selection.run(scores, ids, labels, s), scores, ids, labels);
        assertEquals(new PruneManifest.ClassKept(1, 5, 2, 0.4), manifest.classes().get(1));
        // With an offset of 1/3 of N (5 of 15): m_c = round(n_c / 3) = 1, 2, 2.
        long[] offsetKept = sortedById(keptIds(scores, ids, labels, PruneSettings.hardest(0.5, 5).withPerClass(true)));
        assertArrayEquals(new long[] {0, 2, 3, 4, 10, 11, 12, 13}, offsetKept);
        // Easiest per class.
        long[] easiest = sortedById(keptIds(scores, ids, labels,
                PruneSettings.of(PruneMethod.EASIEST, 0.5).withPerClass(true)));
        assertArrayEquals(new long[] {0, 2, 4, 7, 11, 12, 13, 14}, easiest);
    }

    @Test
    void ccsAllocationGivesSmallBinsEverythingAndMeetsTheBudgetExactly() {
        // Bins by size: #2 (0), #0 (1), #1 (5), #3 (20): take 0, then min(1, 10/3), min(5, 9/2), min(20, 5).
        assertArrayEquals(new long[] {1, 4, 0, 5}, Selection.allocate(10, new long[] {1, 5, 0, 20}));
        assertArrayEquals(new long[] {3, 3, 3}, Selection.allocate(9, new long[] {3, 3, 3}));
        Random rnd = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            long[] available = rnd.longs(1 + rnd.nextInt(60), 0, 200).toArray();
            long total = Arrays.stream(available).sum();
            long budget = total == 0 ? 0 : rnd.nextLong(total + 1);
            long[] take = Selection.allocate(budget, available);
            assertEquals(budget, Arrays.stream(take).sum(), "budget met exactly, trial " + trial);
            for (int b = 0; b < take.length; b++) assertTrue(take[b] >= 0 && take[b] <= available[b]);
        }
    }

    @Test
    void stratifiedDropsTheHardestThenSamplesAcrossBins() {
        int n = 2000;
        Random rnd = new Random(8);
        // Skewed scores: many easy examples, a long tail of hard ones.
        double[] scores = rnd.doubles(n).map(u -> u * u * u * u).toArray();
        long[] ids = LongStream.range(0, n).toArray();
        int[] labels = new int[n];
        PruneSettings s = PruneSettings.stratified(0.3, 0.1, 10, 5);
        Selection.Result r = Selection.run(scores, ids, labels, s);
        assertEquals(600, r.kept().length, "budget ⌊0.3 · 2000⌋");
        assertEquals(200, r.misCount());
        for (int i : r.kept()) assertTrue(r.rank()[i] >= 200, "the hardest 10 % are never kept");
        assertEquals(1800, Arrays.stream(r.strata().available()).sum());
        assertArrayEquals(Selection.allocate(600, r.strata().available()), r.strata().kept());
        long[] perBin = new long[10];
        double lo = r.strata().edges()[0];
        double hi = r.strata().edges()[10];
        for (int i : r.kept()) perBin[org.sparkharness.data.score.ScoreStatistics.bin(scores[i], lo, hi, 10)]++;
        assertArrayEquals(r.strata().kept(), perBin);
        // Coverage: the crowded low bin is thinned; every bin gives all it has or at least budget / bins.
        assertTrue(r.strata().available()[0] > r.strata().kept()[0] * 2, Arrays.toString(r.strata().available()));
        for (int b = 0; b < 10; b++) {
            long have = r.strata().available()[b];
            long took = r.strata().kept()[b];
            assertTrue(took == have || took >= 60, "bin " + b + ": " + took + " of " + have);
        }
        assertTrue(Arrays.stream(r.strata().kept()).anyMatch(t -> t < 60), "some bins are small");
        assertTrue(Arrays.stream(r.strata().kept()).anyMatch(t -> t > 60), "what small bins leave is spread");
        assertArrayEquals(r.kept(), Selection.run(scores, ids, labels, s).kept(), "deterministic");
        assertThrows(IllegalArgumentException.class,
                () -> Selection.select(scores, ids, labels, PruneSettings.stratified(0.95, 0.1, 10, 5)));
    }

    @Test
    void rejectsNanAndDuplicateIds() {
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[] {0.1, Double.NaN},
                new long[] {1, 2}, new int[2], PruneSettings.hardest(0.5)));
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[] {0.1, 0.2},
                new long[] {1, 1}, new int[2], PruneSettings.hardest(0.5)));
        assertFalse(Selection.compareScores(-0.0, 0.0) != 0, "-0.0 ties with 0.0 as in Spark SQL");
    }

    @Test
    void manifestHashesTheSortedIds() {
        // printf '5\n20\n30\n' | sha256sum
        assertEquals("c2d75b158dcc76d7ec17514e7bddfa361c98937840eac90a31028b23a10de283",
                PruneManifest.sortedIdsSha256(new long[] {30, 5, 20}));
        PruneSettings s = PruneSettings.hardest(0.5, 1);
        PruneManifest m = PruneManifest.of(s, Selection.run(S, IDS, LABELS, s), S, IDS, LABELS);
        assertEquals(3, m.nKept());
        assertEquals(1L, m.firstKeptRank());
        assertEquals(3L, m.lastKeptRank());
        assertEquals(0.9, m.firstKeptScore());
        assertEquals(0.7, m.lastKeptScore());
    }

    private static long[] sortedById(long[] ids) {
        long[] c = ids.clone();
        Arrays.sort(c);
        return c;
    }

    private static Set<Long> asSet(long[] ids) {
        Set<Long> s = new HashSet<>();
        for (long id : ids) s.add(id);
        return s;
    }
}
