package org.sparkharness.data.noise;

import java.util.stream.IntStream;
import org.sparkharness.data.prune.Selection;
import org.sparkharness.data.score.Ranks;

/** How well a score ranks the positives (e.g. mislabelled examples) first. Pure functions. */
public final class Ranking {
    private Ranking() {}

    /**
     * Area under the ROC curve of {@code scores} (higher = more likely positive) as the Mann–Whitney statistic
     * U / (n₊·n₋), with average ranks for ties (a tied positive–negative pair counts ½). NaN when either class is
     * empty.
     */
    public static double auroc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        double[] ranks = Ranks.average(scores);
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos++;
                rankSum += ranks[i];
            }
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        double u = rankSum - pos * (pos + 1) / 2.0;
        return u / ((double) pos * neg);
    }

    /**
     * Fraction of positives among the {@code k} highest scores, ties broken by id ascending (the order every
     * ranking in the pipeline uses). NaN for k = 0.
     */
    public static double precisionAtK(double[] scores, long[] ids, boolean[] positive, int k) {
        if (k == 0) return Double.NaN;
        int hits = 0;
        for (int i : top(scores, ids, k)) if (positive[i]) hits++;
        return (double) hits / k;
    }

    /** Positions of the {@code k} highest scores by (score desc, id asc), the order of {@link Selection}. */
    public static int[] top(double[] scores, long[] ids, int k) {
        if (k < 0 || k > scores.length) throw new IllegalArgumentException("k = " + k + " of " + scores.length);
        return IntStream.range(0, scores.length).boxed().sorted(Selection.byScoreDesc(scores, ids))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Number of true entries. */
    public static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) if (f) c++;
        return c;
    }
}
