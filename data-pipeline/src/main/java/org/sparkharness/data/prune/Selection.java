package org.sparkharness.data.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.sparkharness.data.score.ScoreStatistics;

/**
 * The pruning rules on in-memory arrays (docs/algorithms/data-pipeline.md §1.4). {@link PruneJob} applies the same
 * rules in Spark and is held equal to this class by a test.
 *
 * <p>Orders, all total because ids are unique: the hardness order is (score desc, id asc), and an example's
 * {@code rank} is its position in it (0 = hardest); {@code easiest} uses (score asc, id asc); {@code random} and the
 * sampling inside stratified bins use (keyed hash of (seed, id) asc, id asc). −0.0 and 0.0 compare equal, as in
 * Spark SQL; NaN scores are rejected.
 *
 * <ul>
 *   <li>{@code hardest}: {@code descOrder[m : m + k]}, k = ⌊f·N⌋, m = the offset count.</li>
 *   <li>{@code easiest} / {@code random}: the first k of their order.</li>
 *   <li>per class: the same within each class, k_c = round-half-even(f·n_c) and m_c = round-half-even(m/N·n_c).</li>
 *   <li>{@code stratified} (CCS {@code stratified_sampling}): drop {@code descOrder[0 : ⌊misRatio·N⌋]}; cut
 *       [min, max] of the remaining scores into {@code bins} equal-width bins (the maximum in the last bin; CCS
 *       stretches the top edge by 1.0001 instead); visit the bins from the fewest examples to the most (ties by
 *       bin index), giving each min(its size, ⌊remaining budget / remaining bins⌋), so small bins give all they
 *       have and the rest is spread evenly; inside a bin take the first of the random order. The budget k is met
 *       exactly whenever N − ⌊misRatio·N⌋ ≥ k.</li>
 * </ul>
 */
public final class Selection {

    /**
     * A selection and how it was made.
     *
     * @param kept        positions (indices into the input arrays) of the kept examples, in rank order
     * @param rank        rank of every input position in the hardness order
     * @param budget      k = ⌊f·N⌋ (per-class budgets may sum to slightly more or less)
     * @param offset      m, the resolved offset count ({@code hardest}), else 0
     * @param misCount    examples dropped from the hardest end ({@code stratified}), else 0
     * @param strata      bins of a stratified selection, else null
     */
    public record Result(int[] kept, long[] rank, int budget, int offset, int misCount, Strata strata) {}

    /**
     * Bins of a stratified selection.
     *
     * @param edges      {@code bins + 1} edges over [min, max] of the scores left after the drop
     * @param available  examples per bin
     * @param kept       examples kept per bin
     */
    public record Strata(double[] edges, long[] available, long[] kept) {}

    private Selection() {}

    /** Positions of the kept examples, in rank order. */
    public static int[] select(double[] scores, long[] ids, int[] labels, PruneSettings settings) {
        return run(scores, ids, labels, settings).kept();
    }

    /** The selection with its offset, budgets and bins. */
    public static Result run(double[] scores, long[] ids, int[] labels, PruneSettings settings) {
        int n = scores.length;
        if (ids.length != n || labels.length != n) {
            throw new IllegalArgumentException(n + " scores, " + ids.length + " ids, " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("score of id " + ids[i] + " is NaN");
        }
        checkUnique(ids);
        int[] desc = order(n, byScoreDesc(scores, ids));
        long[] rank = new long[n];
        for (int r = 0; r < n; r++) rank[desc[r]] = r;
        int k = settings.budget(n);
        int m = settings.offsetCount(n);

        List<Integer> kept = new ArrayList<>();
        Strata strata = null;
        int misCount = 0;
        PruneMethod method = settings.method();
        if (method == PruneMethod.STRATIFIED) {
            misCount = settings.misCount(n);
            int[] pool = Arrays.copyOfRange(desc, misCount, n);
            if (k > pool.length) {
                throw new IllegalArgumentException("stratified: budget " + k + " exceeds the " + pool.length
                        + " examples left after dropping the hardest " + misCount);
            }
            strata = stratified(pool, scores, ids, k, settings.bins(), settings.seed(), kept);
        } else if (!settings.perClass()) {
            int[] order = method == PruneMethod.HARDEST ? desc : order(n, comparator(method, scores, ids, settings));
            int from = method == PruneMethod.HARDEST ? m : 0;
            checkWindow(from, k, n, "");
            for (int i = from; i < from + k; i++) kept.add(order[i]);
        } else {
            Map<Integer, List<Integer>> byClass = new TreeMap<>();
            for (int i = 0; i < n; i++) byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
            Comparator<Integer> cmp = comparator(method, scores, ids, settings);
            for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
                List<Integer> members = new ArrayList<>(e.getValue());
                members.sort(cmp);
                int size = members.size();
                int kc = classBudget(settings.keep(), size);
                int mc = method == PruneMethod.HARDEST ? classOffset(m, n, size) : 0;
                checkWindow(mc, kc, size, " in class " + e.getKey());
                kept.addAll(members.subList(mc, mc + kc));
            }
        }
        int[] keptArray = kept.stream().mapToInt(Integer::intValue).toArray();
        keptArray = Arrays.stream(keptArray).boxed().sorted(Comparator.comparingLong(i -> rank[i]))
                .mapToInt(Integer::intValue).toArray();
        return new Result(keptArray, rank, k, m, misCount, strata);
    }

    /** k_c = round-half-even(f·n_c), Python's {@code round} as in DeepCore. */
    public static int classBudget(double keep, long classSize) {
        return (int) Math.rint(keep * classSize);
    }

    /** m_c = round-half-even(m / N · n_c): the offset as the same fraction of each class. */
    public static int classOffset(int offset, long n, long classSize) {
        return offset == 0 ? 0 : (int) Math.rint((double) offset / n * classSize);
    }

    /**
     * CCS's bin budget allocation: bins from the fewest examples to the most (ties by index), each taking
     * min(its size, ⌊rest / bins left⌋).
     */
    public static long[] allocate(long budget, long[] available) {
        Integer[] bySize = IntStream.range(0, available.length).boxed().toArray(Integer[]::new);
        Arrays.sort(bySize, Comparator.<Integer>comparingLong(b -> available[b]).thenComparingInt(b -> b));
        long[] take = new long[available.length];
        long rest = budget;
        for (int i = 0; i < bySize.length; i++) {
            int b = bySize[i];
            take[b] = Math.min(available[b], rest / (bySize.length - i));
            rest -= take[b];
        }
        return take;
    }

    /** Hardness order: score desc, id asc. */
    public static Comparator<Integer> byScoreDesc(double[] scores, long[] ids) {
        return (a, b) -> {
            int c = compareScores(scores[b], scores[a]);
            return c != 0 ? c : Long.compare(ids[a], ids[b]);
        };
    }

    /** Random order: keyed hash of (seed, id) asc, id asc. */
    public static Comparator<Integer> byHash(long[] ids, long seed) {
        return (a, b) -> {
            int c = Long.compare(KeyedHash.of(seed, ids[a]), KeyedHash.of(seed, ids[b]));
            return c != 0 ? c : Long.compare(ids[a], ids[b]);
        };
    }

    private static Comparator<Integer> comparator(PruneMethod method, double[] scores, long[] ids, PruneSettings s) {
        switch (method) {
            case HARDEST:
                return byScoreDesc(scores, ids);
            case EASIEST:
                return (a, b) -> {
                    int c = compareScores(scores[a], scores[b]);
                    return c != 0 ? c : Long.compare(ids[a], ids[b]);
                };
            case RANDOM:
                return byHash(ids, s.seed());
            default:
                throw new IllegalArgumentException("no single order for " + method);
        }
    }

    /** Double order with −0.0 == 0.0 (Spark SQL's). */
    static int compareScores(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);
    }

    private static Strata stratified(int[] pool, double[] scores, long[] ids, int budget, int bins, long seed,
                                     List<Integer> kept) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i : pool) {
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < bins; b++) members.add(new ArrayList<>());
        long[] available = new long[bins];
        for (int i : pool) {
            int b = ScoreStatistics.bin(scores[i], min, max, bins);
            members.get(b).add(i);
            available[b]++;
        }
        long[] take = allocate(budget, available);
        Comparator<Integer> random = byHash(ids, seed);
        for (int b = 0; b < bins; b++) {
            List<Integer> inBin = members.get(b);
            inBin.sort(random);
            kept.addAll(inBin.subList(0, (int) take[b]));
        }
        return new Strata(edges(min, max, bins), available, take);
    }

    /** Bin edges as {@link ScoreStatistics#bin} draws them (empty pool: all zero). */
    public static double[] edges(double min, double max, int bins) {
        double[] edges = new double[bins + 1];
        if (!(max >= min)) return edges;
        for (int b = 0; b <= bins; b++) edges[b] = b == bins ? max : min + (max - min) * b / bins;
        return edges;
    }

    private static int[] order(int n, Comparator<Integer> cmp) {
        return IntStream.range(0, n).boxed().sorted(cmp).mapToInt(Integer::intValue).toArray();
    }

    private static void checkWindow(int from, int k, int n, String where) {
        if (from + (long) k > n) {
            throw new IllegalArgumentException("offset " + from + " + budget " + k + " exceeds the " + n
                    + " examples" + where);
        }
    }

    private static void checkUnique(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("duplicate id " + sorted[i]);
        }
    }
}
