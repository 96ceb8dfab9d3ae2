package org.sparkharness.data.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What {@link ScoreJob} writes to {@code stats.json}: sizes, per-score distributions, per-class mean EL2N, rank
 * stability across runs, cost, injected noise and the resolved settings.
 *
 * @param n                examples scored
 * @param runs             K
 * @param epochs           epochs per scoring run
 * @param stepsPerRun      SGD steps per scoring run
 * @param scores           {@code el2n}, {@code loss} and (unless {@code grand: none}) {@code grand} → distribution
 * @param classCounts      examples per class (labels as used for scoring)
 * @param classMeanEl2n    mean EL2N per class
 * @param stability        rank agreement between runs; null when K = 1
 * @param cost             timings
 * @param noise            injected label noise; null when none
 * @param settings         the resolved settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreStats(long n, int runs, int epochs, long stepsPerRun, Map<String, Distribution> scores,
                         long[] classCounts, double[] classMeanEl2n, Stability stability, Cost cost, Noise noise,
                         ScoreSettings settings) {

    /** Mean, percentiles ({@code p0 … p100}, see {@link ScoreStatistics#LEVELS}) and a 20-bin histogram. */
    public record Distribution(double mean, Map<String, Double> percentiles, Histogram histogram) {}

    /** {@code edges.length = counts.length + 1}; bin b = [edges[b], edges[b+1]), the last one closed. */
    public record Histogram(double[] edges, long[] counts) {}

    /**
     * @param spearmanRun0Run1   Spearman ρ of EL2N between run 0 and run 1
     * @param spearmanHalves     Spearman ρ between the mean EL2N of runs [0, ⌊K/2⌋) and of runs [⌊K/2⌋, K)
     * @param top10Run0Run1      overlap of the top-10 % EL2N sets of run 0 and run 1
     * @param top10Halves        overlap of the top-10 % sets of the two half means
     * @param firstHalfRuns      ⌊K/2⌋
     * @param secondHalfRuns     ⌈K/2⌉
     */
    public record Stability(double spearmanRun0Run1, double spearmanHalves, double top10Run0Run1,
                            double top10Halves, int firstHalfRuns, int secondHalfRuns) {}

    /**
     * @param trainSeconds        wall time of the training step (0 when every model was reused)
     * @param runsTrained         runs trained by this call
     * @param runsReused          runs whose saved model was reused
     * @param runSeconds          wall time of each run trained by this call, by run id
     * @param millisPerStep       mean wall time per SGD step over the runs trained now (NaN when none)
     * @param scoringSeconds      wall time of the Spark scoring pass until every chunk is scored and cached on the
     *                            executors (building the K networks per partition, K eval-mode forward passes,
     *                            score maths); collecting to the driver and writing Parquet are not counted
     * @param scoringPartitions   partitions of the scoring pass
     * @param plainOutputSeconds  the same K passes as a plain single-threaded batched {@code output()} loop on the
     *                            driver (when {@code measureOverhead}), else null
     * @param overheadRatio       scoringSeconds / plainOutputSeconds (G8 asks ≤ 2), else null
     * @param trainingEpochs      K × epochs: the scoring cost in epochs of training (G8 divides it by the epochs
     *                            of the training the scores serve, 5 × 2 / 8 = 1.25 full trainings in §6)
     */
    public record Cost(double trainSeconds, int runsTrained, int runsReused, Map<Integer, Double> runSeconds,
                       double millisPerStep, double scoringSeconds, int scoringPartitions, Double plainOutputSeconds,
                       Double overheadRatio, long trainingEpochs) {}

    /**
     * @param fraction  requested fraction
     * @param seed      shuffle seed
     * @param shuffled  examples whose labels were permuted among themselves (⌊fraction·N⌋)
     * @param changed   examples whose label actually changed (the {@code noisy} column)
     */
    public record Noise(double fraction, long seed, int shuffled, int changed) {}
}
