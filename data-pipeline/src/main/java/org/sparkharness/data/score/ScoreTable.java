package org.sparkharness.data.score;

import java.util.Comparator;
import java.util.List;

/**
 * Scores of every example in data order, on the driver: means over runs and EL2N per run. What the single-JVM path
 * returns, what {@link ScoreJob} collects for its statistics, and what the pruning study ranks.
 *
 * @param ids            example ids
 * @param labels         labels the scores were computed with (noisy ones when noise was injected)
 * @param originalLabels labels before noise injection, or null when none was injected
 * @param el2n           mean EL2N over runs
 * @param grand          mean GraNd over runs (NaN when {@code grand: none})
 * @param loss           mean cross-entropy over runs
 * @param el2nRuns       EL2N per run, {@code [K][n]}
 */
public record ScoreTable(long[] ids, int[] labels, int[] originalLabels, double[] el2n, double[] grand,
                         double[] loss, double[][] el2nRuns) {

    public int size() {
        return ids.length;
    }

    public int runs() {
        return el2nRuns.length;
    }

    /** Whether example {@code i}'s label differs from its original one. */
    public boolean noisy(int i) {
        return originalLabels != null && originalLabels[i] != labels[i];
    }

    /** Concatenates scored chunks (any order; sorted by chunk index) into a table. */
    public static ScoreTable fromChunks(List<ChunkScorer.Chunk> chunks, int runs, int[] originalLabels) {
        List<ChunkScorer.Chunk> sorted = chunks.stream().sorted(Comparator.comparingInt(ChunkScorer.Chunk::index))
                .toList();
        int n = sorted.stream().mapToInt(ChunkScorer.Chunk::size).sum();
        long[] ids = new long[n];
        int[] labels = new int[n];
        double[] el2n = new double[n];
        double[] grand = new double[n];
        double[] loss = new double[n];
        double[][] el2nRuns = new double[runs][n];
        int at = 0;
        for (ChunkScorer.Chunk c : sorted) {
            for (int i = 0; i < c.size(); i++, at++) {
                ids[at] = c.ids()[i];
                labels[at] = c.labels()[i];
                el2n[at] = mean(c.el2n(), i);
                grand[at] = mean(c.grand(), i);
                loss[at] = mean(c.loss(), i);
                for (int r = 0; r < runs; r++) el2nRuns[r][at] = c.el2n()[r][i];
            }
        }
        if (originalLabels != null && originalLabels.length != n) {
            throw new IllegalArgumentException(originalLabels.length + " original labels for " + n + " examples");
        }
        return new ScoreTable(ids, labels, originalLabels, el2n, grand, loss, el2nRuns);
    }

    /** Mean over runs of column {@code i} of {@code perRun[run][row]}, summed in run order. */
    public static double mean(double[][] perRun, int i) {
        double s = 0;
        for (double[] run : perRun) s += run[i];
        return s / perRun.length;
    }
}
