package org.sparkharness.data.score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Ranks with ties sharing their average rank (the convention of Spearman's ρ and the Mann–Whitney U statistic). */
public final class Ranks {
    private Ranks() {}

    /** 1-based ranks in ascending order of {@code values}; a tie group gets the mean of the ranks it spans. */
    public static double[] average(double[] values) {
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) ranks[order[t]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
