package org.sparkharness.data.prune;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparkharness.data.dataset.Sha256Sums;

/**
 * What a pruning run kept and why ({@code manifest.json}): enough to reproduce and audit the subset.
 *
 * @param method         the rule
 * @param score          the score column ranked
 * @param keep           f
 * @param nIn            N
 * @param nKept          examples kept
 * @param budget         ⌊f·N⌋
 * @param offset         hardest examples skipped (m), 0 for other rules
 * @param misCount       hardest examples dropped before stratified sampling, 0 for other rules
 * @param firstKeptRank  smallest hardness rank kept (0 = hardest overall), null when nothing is kept
 * @param lastKeptRank   largest hardness rank kept
 * @param firstKeptScore score at {@code firstKeptRank}: the upper score threshold
 * @param lastKeptScore  score at {@code lastKeptRank}: the lower score threshold
 * @param strata         bin edges, available and kept counts per bin (stratified only)
 * @param classes        per class: examples in, kept and the kept fraction
 * @param keptIdsSha256  SHA-256 of the kept ids sorted ascending, each written in decimal followed by {@code \n}
 *                       (the same as {@code sort -n ids.txt | sha256sum})
 * @param seed           seed of random orders
 * @param settings       the settings as resolved
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruneManifest(String method, String score, double keep, long nIn, long nKept, long budget, long offset,
                            long misCount, Long firstKeptRank, Long lastKeptRank, Double firstKeptScore,
                            Double lastKeptScore, Selection.Strata strata, List<ClassKept> classes,
                            String keptIdsSha256, long seed, PruneSettings settings) {

    /** One class's share of the subset. */
    public record ClassKept(int label, long in, long kept, double fraction) {}

    /**
     * Assembles the manifest from the kept examples (any order) and the class sizes of the input.
     *
     * @param keptIds    ids kept
     * @param keptLabels their labels
     * @param keptRanks  their hardness ranks
     * @param keptScores their scores
     */
    public static PruneManifest of(PruneSettings settings, long nIn, long budget, long offset, long misCount,
                                   Selection.Strata strata, long[] keptIds, int[] keptLabels, long[] keptRanks,
                                   double[] keptScores, Map<Integer, Long> classSizes) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < keptRanks.length; i++) {
            if (first < 0 || keptRanks[i] < keptRanks[first]) first = i;
            if (last < 0 || keptRanks[i] > keptRanks[last]) last = i;
        }
        Map<Integer, Long> keptPerClass = new TreeMap<>();
        for (int label : keptLabels) keptPerClass.merge(label, 1L, Long::sum);
        List<ClassKept> classes = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : new TreeMap<>(classSizes).entrySet()) {
            long kept = keptPerClass.getOrDefault(e.getKey(), 0L);
            classes.add(new ClassKept(e.getKey(), e.getValue(), kept, (double) kept / e.getValue()));
        }
        return new PruneManifest(settings.method().configName(), settings.score(), settings.keep(), nIn,
                keptIds.length, budget, offset, misCount, first < 0 ? null : keptRanks[first],
                last < 0 ? null : keptRanks[last], first < 0 ? null : keptScores[first],
                last < 0 ? null : keptScores[last], strata, List.copyOf(classes), sortedIdsSha256(keptIds),
                settings.seed(), settings);
    }

    /** The manifest of an in-memory {@link Selection}. */
    public static PruneManifest of(PruneSettings settings, Selection.Result result, double[] scores, long[] ids,
                                   int[] labels) {
        int k = result.kept().length;
        long[] keptIds = new long[k];
        int[] keptLabels = new int[k];
        long[] keptRanks = new long[k];
        double[] keptScores = new double[k];
        for (int j = 0; j < k; j++) {
            int i = result.kept()[j];
            keptIds[j] = ids[i];
            keptLabels[j] = labels[i];
            keptRanks[j] = result.rank()[i];
            keptScores[j] = scores[i] == 0 ? 0.0 : scores[i];
        }
        Map<Integer, Long> sizes = new TreeMap<>();
        for (int label : labels) sizes.merge(label, 1L, Long::sum);
        return of(settings, ids.length, result.budget(), result.offset(), result.misCount(), result.strata(),
                keptIds, keptLabels, keptRanks, keptScores, sizes);
    }

    /** See {@code keptIdsSha256}. */
    public static String sortedIdsSha256(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        var digest = Sha256Sums.digest();
        StringBuilder block = new StringBuilder();
        for (long id : sorted) {
            block.append(id).append('\n');
            if (block.length() > 1 << 16) {
                digest.update(block.toString().getBytes(StandardCharsets.US_ASCII));
                block.setLength(0);
            }
        }
        digest.update(block.toString().getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest.digest());
    }
}
