package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkharness.data.text.TextSchema;

/**
 * LSH candidate pairs and their verification. Each signature is cut into bands; (band, key of the band's values)
 * is a bucket; documents sharing a bucket are candidates. A bucket of at most {@code maxBucketForAllPairs}
 * documents yields all its pairs; a larger one yields a star, its smallest id paired with every other member, so
 * a bucket of n costs n − 1 pairs instead of n(n − 1)/2 (a giant cluster of copies stays linear; the price is that
 * with verification on, members that are near only to each other and not to the hub are linked only through other
 * buckets). Pairs are distinct and ordered (src < dst), so the set does not depend on partitioning.
 */
final class BandCandidates {
    static final String SRC = "src";
    static final String DST = "dst";
    static final String JACCARD = "jaccard";
    static final StructType PAIRS = new StructType()
            .add(SRC, DataTypes.LongType, false)
            .add(DST, DataTypes.LongType, false);

    private static final String BAND = "band";
    private static final String KEY = "key";
    private static final String IDS = "ids";
    private static final StructType BUCKET_ROWS = new StructType()
            .add(BAND, DataTypes.IntegerType, false)
            .add(KEY, DataTypes.LongType, false)
            .add(TextSchema.ID, DataTypes.LongType, false);

    private BandCandidates() {}

    /** Distinct candidate pairs (src &lt; dst) from a {@link SignatureTable}. */
    static Dataset<Row> pairs(Dataset<Row> signatures, int bands, int rows, int maxBucketForAllPairs) {
        FlatMapFunction<Row, Row> toBuckets = r -> {
            long id = r.getLong(0);
            long[] sig = LongBytes.decode((byte[]) r.get(1));
            List<Row> out = new ArrayList<>(bands);
            for (int b = 0; b < bands; b++) {
                out.add(RowFactory.create(b, LshBands.bandKey(sig, b, rows), id));
            }
            return out.iterator();
        };
        Dataset<Row> buckets = signatures.select(col(TextSchema.ID), col(SignatureTable.SIGNATURE))
                .flatMap(toBuckets, Encoders.row(BUCKET_ROWS))
                .groupBy(BAND, KEY)
                .agg(collect_list(TextSchema.ID).as(IDS))
                .where(size(col(IDS)).gt(1));
        FlatMapFunction<Row, Row> toPairs = r -> bucketPairs(r.getList(0), maxBucketForAllPairs).iterator();
        return buckets.select(IDS).flatMap(toPairs, Encoders.row(PAIRS)).distinct();
    }

    /** All pairs of a small bucket, a star from the smallest id in a large one; each pair as (smaller, larger). */
    static List<Row> bucketPairs(List<Long> members, int maxBucketForAllPairs) {
        List<Long> ids = new ArrayList<>(members);
        Collections.sort(ids);
        List<Row> out = new ArrayList<>();
        if (ids.size() <= maxBucketForAllPairs) {
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    if (!ids.get(i).equals(ids.get(j))) {
                        out.add(RowFactory.create(ids.get(i), ids.get(j)));
                    }
                }
            }
        } else {
            Long hub = ids.get(0);
            for (int j = 1; j < ids.size(); j++) {
                if (!hub.equals(ids.get(j))) {
                    out.add(RowFactory.create(hub, ids.get(j)));
                }
            }
        }
        return out;
    }

    /**
     * The pairs with their exact Jaccard similarity of shingle sets: {@code src, dst, jaccard}, keeping those at or
     * above {@code threshold}.
     */
    static Dataset<Row> verified(Dataset<Row> pairs, Dataset<Row> signatures, double threshold) {
        UDF2<byte[], byte[], Double> jaccard = (a, b) -> MinHasher.jaccard(LongBytes.decode(a), LongBytes.decode(b));
        Dataset<Row> left = signatures.select(col(TextSchema.ID).as(SRC), col(SignatureTable.SHINGLES).as("_a"));
        Dataset<Row> right = signatures.select(col(TextSchema.ID).as(DST), col(SignatureTable.SHINGLES).as("_b"));
        return pairs.join(left, SRC).join(right, DST)
                .select(col(SRC), col(DST), udf(jaccard, DataTypes.DoubleType).apply(col("_a"), col("_b")).as(JACCARD))
                .where(col(JACCARD).geq(threshold));
    }
}
