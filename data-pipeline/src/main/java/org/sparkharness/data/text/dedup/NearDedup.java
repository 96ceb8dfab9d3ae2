package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.text.TextSchema;

/**
 * Near-duplicate removal with MinHash LSH (docs/algorithms/data-pipeline.md §3.2, §3.3): signatures per document
 * ({@link SignatureMode}: datatrove-compatible {@link MinHasher} by default, or Spark MLlib's MinHashLSH), band
 * buckets, candidate pairs ({@link BandCandidates}: all pairs in small buckets, a star from the smallest id in
 * large ones), optional verification by exact Jaccard of the shingle sets (default on, threshold 0.8; unverified
 * pairs are dropped), connected components with GraphX ({@link ComponentLabels}); the smallest id of each
 * component is kept, the others are excluded with reason {@value #REASON}, {@code duplicate_of} and
 * {@code cluster} both = the kept id. Every step is keyed by ids only, so the output does not depend on partitioning.
 *
 * <p>Documents with fewer than {@code ngram} words have no signature and are always kept (as in datatrove).
 * Writes {@code outDir/kept}, {@code outDir/excluded} (Parquet, sorted by id) and {@code outDir/stats.json}.
 */
public final class NearDedup {
    /** The {@link TextSchema#REASON} of excluded rows. */
    public static final String REASON = "near_dup";
    /** The stats' stage name. */
    public static final String STAGE = "near_dedup";
    private static final int SAMPLE_MEMBERS = 10;

    private NearDedup() {}

    /**
     * @param docs     at least {@link TextSchema#ID} (an integer column; ids must be unique) and
     *                 {@link TextSchema#TEXT}; other columns are kept
     * @param outDir   a Hadoop URI or local path; its {@code kept}, {@code excluded} and {@code stats.json} are
     *                 replaced
     * @param progress receives one line per step (may be null)
     */
    public static DedupStats run(SparkSession spark, Dataset<Row> docs, NearDedupSettings settings, String outDir,
                                 Consumer<String> progress) {
        long start = System.nanoTime();
        progress = DedupFrames.orSilent(progress);
        List<Dataset<Row>> cached = new ArrayList<>();
        Dataset<Row> prepared = DedupFrames.prepare(docs);
        // read several times: cache it, unless the caller already has (then their cache is left alone)
        Dataset<Row> input = prepared.storageLevel().equals(StorageLevel.NONE()) ? cache(cached, prepared) : prepared;
        try {
            MinHasher hasher = MinHasher.of(settings);
            long[] in = DedupFrames.countAndChars(input);
            progress.accept("near dedup: " + in[0] + " documents in; " + settings.signatures().key()
                    + " signatures, " + settings.bands() + " bands x " + settings.rows() + " rows, "
                    + settings.ngram() + "-grams");

            Dataset<Row> signatures = cache(cached, SignatureTable.build(input, settings, hasher));
            long withSignature = signatures.count();
            progress.accept("near dedup: " + withSignature + " signatures (" + (in[0] - withSignature)
                    + " documents too short to shingle)");

            Dataset<Row> pairs = cache(cached, BandCandidates.pairs(signatures, settings.bands(), settings.rows(),
                    settings.maxBucketForAllPairs()));
            long candidatePairs = pairs.count();
            progress.accept("near dedup: " + candidatePairs + " candidate pairs");

            Dataset<Row> edges = settings.verify()
                    ? cache(cached, BandCandidates.verified(pairs, signatures, settings.jaccardThreshold()))
                    : pairs;
            long verifiedPairs = settings.verify() ? edges.count() : candidatePairs;
            progress.accept("near dedup: " + verifiedPairs + (settings.verify() ? " pairs at Jaccard >= "
                    + settings.jaccardThreshold() : " edges (verification off)"));

            Dataset<Row> labels = cache(cached, verifiedPairs == 0
                    ? spark.createDataFrame(List.of(), ComponentLabels.SCHEMA)
                    : ComponentLabels.of(spark, edges));
            writeOutputs(input, labels, outDir);
            progress.accept("near dedup: wrote kept and excluded to " + outDir);

            Dataset<Row> excluded = DedupFrames.read(spark, outDir, DedupFrames.EXCLUDED);
            long[] removedDocs = DedupFrames.countAndChars(excluded);
            Dataset<Row> sizes = labels.groupBy(DedupFrames.CLUSTER).count();
            TreeMap<Long, Long> histogram = sizeHistogram(sizes);
            long clusters = histogram.values().stream().mapToLong(Long::longValue).sum();
            long docsInClusters = histogram.entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum();
            long largest = histogram.isEmpty() ? 0 : histogram.lastKey();
            DedupStats.Near near = new DedupStats.Near(settings, in[0] - withSignature, candidatePairs,
                    verifiedPairs, clusters, docsInClusters, largest, histogram,
                    LshBands.threshold(settings.bands(), settings.rows()),
                    LshBands.candidateProbabilityTable(settings.bands(), settings.rows()),
                    clusterSamples(input, labels, sizes, settings.sampleSize()));
            DedupStats stats = new DedupStats(STAGE, in[0], in[0] - removedDocs[0], removedDocs[0], in[1],
                    in[1] - removedDocs[1],
                    DedupFrames.removedBySource(excluded), DedupFrames.samples(excluded, settings.sampleSize()),
                    null, near, DedupFrames.secondsSince(start));
            StageFiles.writeJson(StageFiles.path(outDir, DedupFrames.STATS), stats);
            progress.accept(String.format(Locale.ROOT,
                    "near dedup: %d -> %d documents (%d removed in %d clusters, largest %d) in %.1f s",
                    stats.docsIn(), stats.docsOut(), stats.removed(), clusters, largest, stats.seconds()));
            return stats;
        } finally {
            for (Dataset<Row> d : cached) {
                d.unpersist();
            }
        }
    }

    /**
     * {@code kept}: the input minus every labelled document that is not its cluster's id; {@code excluded}: those
     * documents with reason, duplicate_of and cluster.
     */
    private static void writeOutputs(Dataset<Row> input, Dataset<Row> labels, String outDir) {
        Dataset<Row> removed = labels.where(col(TextSchema.ID).notEqual(col(DedupFrames.CLUSTER)));
        Column[] inputColumns = DedupFrames.columnsOf(input);
        Dataset<Row> kept = input.join(removed, input.col(TextSchema.ID).equalTo(removed.col(TextSchema.ID)),
                "left_anti");
        DedupFrames.writeSorted(kept.select(inputColumns), outDir, DedupFrames.KEPT);
        Column[] excludedColumns = Arrays.copyOf(inputColumns, inputColumns.length + 3);
        excludedColumns[inputColumns.length] = lit(REASON).as(TextSchema.REASON);
        excludedColumns[inputColumns.length + 1] = col(DedupFrames.CLUSTER).as(DedupFrames.DUPLICATE_OF);
        excludedColumns[inputColumns.length + 2] = col(DedupFrames.CLUSTER);
        DedupFrames.writeSorted(input.join(removed, TextSchema.ID).select(excludedColumns), outDir,
                DedupFrames.EXCLUDED);
    }

    /** Number of clusters per cluster size, from (cluster, count) rows. */
    private static TreeMap<Long, Long> sizeHistogram(Dataset<Row> sizes) {
        TreeMap<Long, Long> histogram = new TreeMap<>();
        for (Row r : sizes.groupBy("count").count().collectAsList()) {
            histogram.put(r.getLong(0), r.getLong(1));
        }
        return histogram;
    }

    private static Dataset<Row> cache(List<Dataset<Row>> cached, Dataset<Row> d) {
        Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(p);
        return p;
    }

    /** The first {@code n} clusters by id, with their smallest members and the first two members' texts. */
    private static List<DedupStats.ClusterSample> clusterSamples(Dataset<Row> input, Dataset<Row> labels,
                                                                  Dataset<Row> sizes, int n) {
        List<DedupStats.ClusterSample> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        List<Row> first = sizes.orderBy(DedupFrames.CLUSTER).limit(n).collectAsList();
        if (first.isEmpty()) {
            return out;
        }
        Object[] ids = first.stream().map(r -> r.getLong(0)).toArray();
        List<Row> members = labels.where(col(DedupFrames.CLUSTER).isin(ids))
                .withColumn("_rank", row_number().over(Window.partitionBy(DedupFrames.CLUSTER)
                        .orderBy(TextSchema.ID)))
                .where(col("_rank").leq(SAMPLE_MEMBERS))
                .join(input.select(TextSchema.ID, TextSchema.TEXT), TextSchema.ID)
                .orderBy(DedupFrames.CLUSTER, TextSchema.ID)
                .select(DedupFrames.CLUSTER, TextSchema.ID, TextSchema.TEXT)
                .collectAsList();
        Map<Long, List<Long>> memberIds = new HashMap<>();
        Map<Long, List<String>> previews = new HashMap<>();
        for (Row r : members) {
            long cluster = r.getLong(0);
            memberIds.computeIfAbsent(cluster, k -> new ArrayList<>()).add(r.getLong(1));
            List<String> p = previews.computeIfAbsent(cluster, k -> new ArrayList<>());
            if (p.size() < 2) {
                p.add(DedupFrames.preview(r.getString(2)));
            }
        }
        for (Row r : first) {
            long cluster = r.getLong(0);
            out.add(new DedupStats.ClusterSample(cluster, r.getLong(1), memberIds.getOrDefault(cluster, List.of()),
                    previews.getOrDefault(cluster, List.of())));
        }
        return out;
    }
}
