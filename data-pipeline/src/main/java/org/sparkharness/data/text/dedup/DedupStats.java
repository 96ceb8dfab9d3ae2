package org.sparkharness.data.text.dedup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a dedup stage did, written as {@code stats.json} next to its output (docs/algorithms/data-pipeline.md §3.4,
 * G12). Shared by {@link ExactDedup} ({@link #exact} set) and {@link NearDedup} ({@link #near} set); the other is null
 * and left out of the JSON.
 *
 * @param stage           {@code exact_dedup} or {@code near_dedup}
 * @param docsIn          documents read
 * @param docsOut         documents kept
 * @param removed         documents excluded ({@code docsIn − docsOut})
 * @param charsIn         characters (code points) of the text read
 * @param charsOut        characters of the text kept
 * @param removedBySource excluded documents per {@code source} value; null when the input has no source column
 * @param samples         the first removed documents by id
 * @param exact           exact-dedup details
 * @param near            near-dedup details
 * @param seconds         wall-clock time of the stage
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DedupStats(String stage, long docsIn, long docsOut, long removed, long charsIn, long charsOut,
                         Map<String, Long> removedBySource, List<Removed> samples, Exact exact, Near near,
                         double seconds) {

    /**
     * A removed document.
     *
     * @param id          its id
     * @param duplicateOf the id kept in its place
     * @param source      its source (null without a source column)
     * @param preview     the first characters of its text
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Removed(long id, long duplicateOf, String source, String preview) {}

    /**
     * @param settings              the settings of the run (the normalisation included)
     * @param key                   the key formula, e.g. {@code md5(utf8(collapse_whitespace(text)))}
     * @param duplicateGroups       keys shared by two or more documents
     * @param docsInDuplicateGroups documents with such a key (kept and removed)
     */
    public record Exact(ExactDedupSettings settings, String key, long duplicateGroups, long docsInDuplicateGroups) {}

    /**
     * @param settings             the settings of the run
     * @param docsWithoutSignature documents with fewer than {@code ngram} words: never candidates, always kept
     * @param candidatePairs       distinct pairs that shared a band bucket (after the star rule for large buckets)
     * @param verifiedPairs        candidate pairs at or above the Jaccard threshold (all candidates without
     *                             verification): the edges that were clustered
     * @param clusters             connected components with two or more documents
     * @param docsInClusters       documents in those components
     * @param largestCluster       size of the largest component (0 when there is none)
     * @param clusterSizeHistogram number of clusters per size
     * @param threshold            {@code (1/bands)^(1/rows)}
     * @param candidateProbability {@code 1 − (1 − s^rows)^bands} at s = 0.50 … 0.95
     * @param clusterSamples       the first clusters by id
     */
    public record Near(NearDedupSettings settings, long docsWithoutSignature, long candidatePairs,
                       long verifiedPairs, long clusters, long docsInClusters, long largestCluster,
                       Map<Long, Long> clusterSizeHistogram, double threshold,
                       Map<String, Double> candidateProbability, List<ClusterSample> clusterSamples) {}

    /**
     * @param cluster  the cluster's id: its smallest document id, the one kept
     * @param size     number of documents
     * @param members  the smallest member ids (at most 10)
     * @param previews the first characters of the first two members' texts
     */
    public record ClusterSample(long cluster, long size, List<Long> members, List<String> previews) {}
}
