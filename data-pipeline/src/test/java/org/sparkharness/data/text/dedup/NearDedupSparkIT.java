package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.testing.LocalSpark;
import org.sparkharness.data.text.TextSchema;

/**
 * {@link NearDedup} on a deterministic synthetic corpus of about 1,000 documents (docs/algorithms/data-pipeline.md §8,
 * G11): 450 unrelated base texts; 500 near copies of the first 300 bases, each with 5–15 % of its words edited
 * (substitutions, deletions, insertions; in 1–3 runs or scattered), a fifth of them copies of an earlier copy; a
 * transitive chain A~B~C with J(A, C) &lt; 0.8 ≤ J(A, B), J(B, C); and 47 texts too short to shingle, some of them
 * identical. Ground truth is the exact 5-gram Jaccard of every pair, computed here with {@link MinHasher#jaccard}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NearDedupSparkIT {
    private static final StructType SCHEMA = new StructType()
            .add(TextSchema.ID, DataTypes.LongType, false)
            .add(TextSchema.SOURCE, DataTypes.StringType, false)
            .add(TextSchema.TEXT, DataTypes.StringType, false);

    private static SparkSession spark;
    private static final List<Row> ROWS = new ArrayList<>();
    /** id -> family: planted copies share their base's family; unrelated texts have their own. */
    private static final Map<Long, Integer> FAMILY = new HashMap<>();
    /** Pairs (smaller id, larger id) whose exact shingle Jaccard is at least 0.8. */
    private static final Set<List<Long>> SIMILAR = new HashSet<>();
    private static final Set<Long> SHORT = new HashSet<>();
    private static long chainA;
    private static long chainB;
    private static long chainC;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("NearDedupSparkIT", 2);
        SplittableRandom rnd = new SplittableRandom(42);
        List<List<String>> texts = new ArrayList<>();
        List<Integer> families = new ArrayList<>();
        for (int f = 0; f < 450; f++) {
            texts.add(SyntheticText.words(rnd, 80 + rnd.nextInt(170)));
            families.add(f);
        }
        Map<Integer, List<Integer>> copiesOf = new HashMap<>();
        for (int c = 0; c < 500; c++) {
            int family = rnd.nextInt(300);
            List<Integer> earlier = copiesOf.getOrDefault(family, List.of());
            int source = !earlier.isEmpty() && rnd.nextInt(5) == 0 ? earlier.get(rnd.nextInt(earlier.size()))
                    : family;
            double fraction = 0.05 + 0.10 * rnd.nextDouble();
            int[] blockChoices = {1, 1, 2, 3, 1000};
            texts.add(SyntheticText.edit(texts.get(source), fraction, blockChoices[rnd.nextInt(5)], rnd));
            families.add(family);
            copiesOf.computeIfAbsent(family, k -> new ArrayList<>()).add(texts.size() - 1);
        }
        List<String> a = SyntheticText.words(rnd, 200);
        List<String> b = new ArrayList<>(a.subList(0, 188));
        b.addAll(SyntheticText.words(rnd, 12));
        List<String> cWords = SyntheticText.words(rnd, 12);
        cWords.addAll(b.subList(12, 200));
        for (List<String> t : List.of(a, b, cWords)) {
            texts.add(t);
            families.add(900);
        }
        int chainStart = texts.size() - 3;
        for (int s = 0; s < 47; s++) {
            texts.add(s % 3 == 0 ? List.of("too", "short") : SyntheticText.words(rnd, 1 + rnd.nextInt(4)));
            families.add(1000 + s);
        }
        // ids in a shuffled order, so that kept documents are not always the bases
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(3));
        MinHasher hasher = MinHasher.datatroveDefaults();
        long[] ids = new long[texts.size()];
        long[][] shingles = new long[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            ids[i] = 100 + 7L * order.get(i);
            String text = String.join(" ", texts.get(i));
            ROWS.add(RowFactory.create(ids[i], i < 450 ? "base" : "copy", text));
            FAMILY.put(ids[i], families.get(i));
            shingles[i] = hasher.shingles(text);
            if (texts.get(i).size() < 5) {
                SHORT.add(ids[i]);
            }
        }
        chainA = ids[chainStart];
        chainB = ids[chainStart + 1];
        chainC = ids[chainStart + 2];
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                if (shingles[i].length > 0 && shingles[j].length > 0
                        && MinHasher.jaccard(shingles[i], shingles[j]) >= 0.8) {
                    SIMILAR.add(List.of(Math.min(ids[i], ids[j]), Math.max(ids[i], ids[j])));
                }
            }
        }
        assertTrue(MinHasher.jaccard(shingles[chainStart], shingles[chainStart + 2]) < 0.8);
        assertTrue(SIMILAR.contains(pair(chainA, chainB)) && SIMILAR.contains(pair(chainB, chainC)));
        assertTrue(SIMILAR.size() > 100, "the corpus should plant enough similar pairs: " + SIMILAR.size());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Long> pair(long x, long y) {
        return List.of(Math.min(x, y), Math.max(x, y));
    }

    private static Dataset<Row> docs(int partitions) {
        return spark.createDataFrame(ROWS, SCHEMA).repartition(partitions);
    }

    /** cluster of every document: its own id when kept, duplicate_of when excluded. */
    private static Map<Long, Long> clusters(String out) {
        Map<Long, Long> cluster = new HashMap<>();
        for (Row r : DedupFrames.read(spark, out, DedupFrames.KEPT).select(TextSchema.ID).collectAsList()) {
            cluster.put(r.getLong(0), r.getLong(0));
        }
        for (Row r : DedupFrames.read(spark, out, DedupFrames.EXCLUDED)
                .select(TextSchema.ID, DedupFrames.DUPLICATE_OF, DedupFrames.CLUSTER, TextSchema.REASON)
                .collectAsList()) {
            assertEquals(r.getLong(1), r.getLong(2));
            assertEquals(NearDedup.REASON, r.getString(3));
            assertFalse(cluster.containsKey(r.getLong(0)), "an id is both kept and excluded: " + r.getLong(0));
            cluster.put(r.getLong(0), r.getLong(1));
        }
        assertEquals(ROWS.size(), cluster.size());
        return cluster;
    }

    /** Recall over SIMILAR, pair precision against the planted families, and the structural invariants. */
    private static void assertPlantedDuplicatesFound(Map<Long, Long> cluster, String mode) {
        long found = SIMILAR.stream().filter(p -> cluster.get(p.get(0)).equals(cluster.get(p.get(1)))).count();
        double recall = (double) found / SIMILAR.size();
        Map<Long, List<Long>> members = new HashMap<>();
        cluster.forEach((id, c) -> members.computeIfAbsent(c, k -> new ArrayList<>()).add(id));
        long predictedPairs = 0;
        long samePlantedFamily = 0;
        for (Map.Entry<Long, List<Long>> e : members.entrySet()) {
            List<Long> m = e.getValue();
            assertEquals(m.stream().mapToLong(Long::longValue).min().orElseThrow(), e.getKey(),
                    "the kept document is the cluster's smallest id");
            for (int i = 0; i < m.size(); i++) {
                for (int j = i + 1; j < m.size(); j++) {
                    predictedPairs++;
                    if (FAMILY.get(m.get(i)).equals(FAMILY.get(m.get(j)))) {
                        samePlantedFamily++;
                    }
                }
            }
        }
        double precision = predictedPairs == 0 ? 1 : (double) samePlantedFamily / predictedPairs;
        long mixed = members.values().stream().filter(m -> m.stream().map(FAMILY::get).distinct().count() > 1)
                .count();
        assertEquals(0, mixed, mode + ": clusters that merge unrelated documents");
        System.out.printf("%s: %d similar pairs, recall %.4f, %d predicted pairs, precision %.4f%n", mode,
                SIMILAR.size(), recall, predictedPairs, precision);
        assertTrue(recall >= 0.90, mode + " recall " + recall);
        assertTrue(precision >= 0.99, mode + " precision " + precision);
        for (long id : SHORT) {
            assertEquals(id, cluster.get(id), "a text too short to shingle is never a near duplicate: " + id);
        }
        assertEquals(cluster.get(chainA), cluster.get(chainC), mode + ": the chain A~B~C is one cluster");
        assertEquals(cluster.get(chainA), cluster.get(chainB));
        assertEquals(Math.min(chainA, Math.min(chainB, chainC)), cluster.get(chainA));
    }

    @Test
    void datatroveSignaturesFindThePlantedDuplicatesWhateverThePartitioning() {
        String one = tmp.resolve("p1").toString();
        String four = tmp.resolve("p4").toString();
        List<String> progress = new ArrayList<>();
        DedupStats s1 = NearDedup.run(spark, docs(1), NearDedupSettings.defaults(), one, progress::add);
        DedupStats s4 = NearDedup.run(spark, docs(4), NearDedupSettings.defaults(), four, line -> { });
        Map<Long, Long> cluster = clusters(one);
        assertPlantedDuplicatesFound(cluster, "datatrove");

        for (String part : List.of(DedupFrames.KEPT, DedupFrames.EXCLUDED)) {
            assertEquals(DedupFrames.read(spark, one, part).orderBy(TextSchema.ID).collectAsList(),
                    DedupFrames.read(spark, four, part).orderBy(TextSchema.ID).collectAsList(), part);
        }
        assertEquals(ExactDedupSparkIT.withoutSeconds(s1), ExactDedupSparkIT.withoutSeconds(s4));

        DedupStats.Near near = s1.near();
        long removed = cluster.entrySet().stream().filter(e -> !e.getKey().equals(e.getValue())).count();
        assertEquals(ROWS.size(), s1.docsIn());
        assertEquals(removed, s1.removed());
        assertEquals(ROWS.size() - removed, s1.docsOut());
        assertEquals(SHORT.size(), near.docsWithoutSignature());
        assertTrue(near.candidatePairs() >= near.verifiedPairs() && near.verifiedPairs() > 0);
        Map<Long, Integer> sizes = new HashMap<>();
        cluster.values().forEach(c -> sizes.merge(c, 1, Integer::sum));
        Map<Long, Long> histogram = new java.util.TreeMap<>();
        sizes.values().stream().filter(n -> n > 1).forEach(n -> histogram.merge((long) n, 1L, Long::sum));
        assertEquals(histogram, near.clusterSizeHistogram());
        assertEquals(histogram.values().stream().mapToLong(Long::longValue).sum(), near.clusters());
        assertEquals(removed + near.clusters(), near.docsInClusters());
        assertEquals(sizes.values().stream().mapToInt(Integer::intValue).max().orElseThrow(),
                (int) near.largestCluster());
        assertEquals(0.924, near.candidateProbability().get("0.80"), 5e-4);
        assertEquals(10, near.candidateProbability().size());
        assertEquals(Math.pow(1 / 14.0, 1 / 8.0), near.threshold(), 1e-12);
        assertEquals(Math.min(20, near.clusters()), near.clusterSamples().size());
        DedupStats.ClusterSample firstCluster = near.clusterSamples().get(0);
        assertEquals(firstCluster.cluster(), (long) firstCluster.members().get(0));
        assertEquals(Math.min(10, firstCluster.size()), firstCluster.members().size());
        assertEquals(2, firstCluster.previews().size());
        assertEquals(Map.of("copy", s1.removedBySource().getOrDefault("copy", 0L), "base",
                s1.removedBySource().getOrDefault("base", 0L)).values().stream().mapToLong(Long::longValue).sum(),
                s1.removed());
        assertTrue(progress.size() >= 5, "progress lines " + progress);

        DedupStats reread = StageFiles.readJson(StageFiles.path(one, DedupFrames.STATS), DedupStats.class);
        assertEquals(s1, reread);
        assertNull(reread.exact());
    }

    @Test
    void mllibSignaturesFindThePlantedDuplicates() {
        String out = tmp.resolve("mllib").toString();
        DedupStats stats = NearDedup.run(spark, docs(3),
                NearDedupSettings.defaults().withSignatures(SignatureMode.MLLIB), out, line -> { });
        assertPlantedDuplicatesFound(clusters(out), "mllib");
        assertEquals(SignatureMode.MLLIB, stats.near().settings().signatures());
        assertEquals(SHORT.size(), stats.near().docsWithoutSignature());
    }

    /**
     * 40 copies of one text share a bucket in every band: above {@code maxBucketForAllPairs} the bucket yields a
     * star of 39 pairs instead of all 780, and the copies still end in one cluster kept at the smallest id. With a
     * larger limit and verification off, all 780 pairs become edges and the result is the same.
     */
    @Test
    void largeBucketsYieldAStarFromTheSmallestId() {
        SplittableRandom rnd = new SplittableRandom(8);
        String text = String.join(" ", SyntheticText.words(rnd, 60));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(500L - 3 * i, "copy", text));
        }
        for (int i = 0; i < 5; i++) {
            rows.add(RowFactory.create(1000L + i, "other", String.join(" ", SyntheticText.words(rnd, 60))));
        }
        Dataset<Row> docs = spark.createDataFrame(rows, SCHEMA).repartition(3);
        DedupStats star = NearDedup.run(spark, docs, NearDedupSettings.defaults(), tmp.resolve("star").toString(),
                null);
        assertEquals(39, star.near().candidatePairs());
        assertEquals(39, star.near().verifiedPairs());
        assertEquals(Map.of(40L, 1L), star.near().clusterSizeHistogram());
        assertEquals(39, star.removed());
        assertEquals(500L - 3 * 39, star.near().clusterSamples().get(0).cluster());

        NearDedupSettings allPairs = NearDedupSettings.defaults().withVerify(false).withMaxBucketForAllPairs(64);
        String out = tmp.resolve("all").toString();
        DedupStats full = NearDedup.run(spark, docs, allPairs, out, null);
        assertEquals(40 * 39 / 2, full.near().candidatePairs());
        assertEquals(full.near().candidatePairs(), full.near().verifiedPairs());
        assertEquals(star.removed(), full.removed());
        assertEquals(DedupFrames.read(spark, tmp.resolve("star").toString(), DedupFrames.EXCLUDED)
                .orderBy(TextSchema.ID).collectAsList(),
                DedupFrames.read(spark, out, DedupFrames.EXCLUDED).orderBy(TextSchema.ID).collectAsList());
    }
}
