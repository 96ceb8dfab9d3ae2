package org.sparkharness.data.score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/** Summary statistics of score vectors: percentiles, histograms, rank correlation, top-k overlap. Pure functions. */
public final class ScoreStatistics {
    /** The percentile levels reported in stats files. */
    public static final double[] LEVELS = {0, 0.25, 0.5, 0.75, 0.9, 1};

    private ScoreStatistics() {}

    /**
     * Percentile of {@code sorted} (ascending, no NaN) at level {@code q} ∈ [0, 1], linearly interpolated between
     * order statistics (numpy's default): position q·(n − 1).
     */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /** {@link #LEVELS} → value, keyed {@code p0, p25, p50, p75, p90, p100}. */
    public static Map<String, Double> percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Double> out = new LinkedHashMap<>();
        for (double q : LEVELS) out.put("p" + Math.round(q * 100), percentile(sorted, q));
        return out;
    }

    /**
     * Equal-width histogram over [min, max] with {@code bins} bins; bin b is [edge_b, edge_b+1), the last one closed.
     * All values in bin 0 when min = max.
     */
    public static ScoreStats.Histogram histogram(double[] values, int bins) {
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = b == bins ? max : min + (max - min) * b / bins;
        long[] counts = new long[bins];
        for (double v : values) counts[bin(v, min, max, bins)]++;
        return new ScoreStats.Histogram(edges, counts);
    }

    /** Bin of {@code v} among {@code bins} equal-width bins over [min, max], the maximum in the last bin. */
    public static int bin(double v, double min, double max, int bins) {
        if (!(max > min)) return 0;
        int b = (int) Math.floor((v - min) / (max - min) * bins);
        return Math.max(0, Math.min(bins - 1, b));
    }

    /** Spearman's ρ: Pearson correlation of the average ranks. NaN when either vector is constant. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
        return pearson(Ranks.average(a), Ranks.average(b));
    }

    /** Pearson correlation in double. */
    public static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /**
     * |top(a) ∩ top(b)| / k for the k = max(1, ⌊fraction·n⌋) highest values of each (ties by position, lower first).
     */
    public static double topOverlap(double[] a, double[] b, double fraction) {
        int k = Math.max(1, (int) Math.floor(fraction * a.length));
        boolean[] inA = new boolean[a.length];
        for (int i : top(a, k)) inA[i] = true;
        int both = 0;
        for (int i : top(b, k)) if (inA[i]) both++;
        return (double) both / k;
    }

    /** Positions of the k largest values, ties broken by position. */
    static int[] top(double[] v, int k) {
        return IntStream.range(0, v.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -v[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Mean of {@code values} per class; NaN for a class without examples. */
    public static double[] classMeans(double[] values, int[] labels, int numClasses) {
        double[] sum = new double[numClasses];
        long[] count = new long[numClasses];
        for (int i = 0; i < values.length; i++) {
            sum[labels[i]] += values[i];
            count[labels[i]]++;
        }
        double[] mean = new double[numClasses];
        for (int c = 0; c < numClasses; c++) mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        return mean;
    }

    /** Element-wise mean of rows {@code [from, to)} of {@code runs} (summed in run order, in double). */
    public static double[] meanOfRuns(double[][] runs, int from, int to) {
        int n = runs[0].length;
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = from; r < to; r++) s += runs[r][i];
            mean[i] = s / (to - from);
        }
        return mean;
    }

    /** Distribution summary of one score. */
    public static ScoreStats.Distribution distribution(double[] values, int bins) {
        return new ScoreStats.Distribution(Arrays.stream(values).average().orElse(Double.NaN), percentiles(values),
                histogram(values, bins));
    }
}
