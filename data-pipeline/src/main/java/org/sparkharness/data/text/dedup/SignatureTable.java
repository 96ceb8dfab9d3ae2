package org.sparkharness.data.text.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkharness.data.text.TextSchema;
import org.sparkharness.data.text.words.DatatroveWordTokenizer;

/**
 * One row per document that has a MinHash signature: {@code id}, {@code signature} (bands·rows longs) and
 * {@code shingles} (its sorted distinct shingle hashes, for verification), both as {@link LongBytes} binaries.
 * Documents with fewer than {@code ngram} words have no row (datatrove writes no signature for them).
 */
final class SignatureTable {
    static final String SIGNATURE = "signature";
    static final String SHINGLES = "shingles";
    static final StructType SCHEMA = new StructType()
            .add(TextSchema.ID, DataTypes.LongType, false)
            .add(SIGNATURE, DataTypes.BinaryType, false)
            .add(SHINGLES, DataTypes.BinaryType, false);

    private static final String SIMPLIFIED = "_simplified";
    private static final String WORDS = "_words";
    private static final String NGRAMS = "_ngrams";
    private static final String FEATURES = "_features";
    private static final String HASHES = "_hashes";

    private SignatureTable() {}

    static Dataset<Row> build(Dataset<Row> docs, NearDedupSettings settings, MinHasher hasher) {
        return settings.signatures() == SignatureMode.MLLIB ? mllib(docs, settings, hasher) : datatrove(docs, hasher);
    }

    /** {@link MinHasher} per partition, one worker (SHA-1 state, buffers) per partition. */
    static Dataset<Row> datatrove(Dataset<Row> docs, MinHasher hasher) {
        MapPartitionsFunction<Row, Row> sketch = rows -> {
            MinHasher.Worker worker = hasher.worker();
            return new Iterator<Row>() {
                private Row next = advance();

                private Row advance() {
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        MinHasher.Sketch s = worker.sketch(r.isNullAt(1) ? "" : r.getString(1));
                        if (s.signature() != null) {
                            return RowFactory.create(r.getLong(0), LongBytes.encode(s.signature()),
                                    LongBytes.encode(s.shingles()));
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Row next() {
                    Row out = next;
                    next = advance();
                    return out;
                }
            };
        };
        return docs.select(col(TextSchema.ID), col(TextSchema.TEXT)).mapPartitions(sketch, Encoders.row(SCHEMA));
    }

    /**
     * MLlib: the simplified text → {@link RegexTokenizer} with {@link DatatroveWordTokenizer#REGEX} (the same words) →
     * {@link NGram} → binary {@link HashingTF} → {@link MinHashLSH} with bands·rows hash tables. MLlib's hash
     * function is ((1 + index)·a + b) mod 2038074743 over the hashed feature index (docs/algorithms/data-pipeline.md
     * §3.3), so signatures differ from datatrove's, but their collision probability is the same Jaccard. The shingle
     * set used for verification is {@link MinHasher}'s, identical n-grams, so verification is exact in both modes.
     */
    static Dataset<Row> mllib(Dataset<Row> docs, NearDedupSettings settings, MinHasher hasher) {
        UDF1<String, String> simplify = hasher::simplify;
        UDF1<String, byte[]> shingles = text -> LongBytes.encode(hasher.shingles(text == null ? "" : text));
        Dataset<Row> prepared = docs.select(col(TextSchema.ID),
                udf(simplify, DataTypes.StringType).apply(col(TextSchema.TEXT)).as(SIMPLIFIED));
        RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(SIMPLIFIED).setOutputCol(WORDS)
                .setPattern(DatatroveWordTokenizer.REGEX).setGaps(false).setToLowercase(false).setMinTokenLength(1);
        NGram ngram = new NGram().setN(settings.ngram()).setInputCol(WORDS).setOutputCol(NGRAMS);
        HashingTF tf = new HashingTF().setInputCol(NGRAMS).setOutputCol(FEATURES)
                .setNumFeatures(settings.mllibNumFeatures()).setBinary(true);
        Dataset<Row> features = tf.transform(ngram.transform(tokenizer.transform(prepared)))
                .where(size(col(NGRAMS)).gt(0)); // MinHashLSH rejects empty vectors; datatrove skips these too
        MinHashLSH lsh = new MinHashLSH().setNumHashTables(settings.bands() * settings.rows())
                .setSeed(settings.seed()).setInputCol(FEATURES).setOutputCol(HASHES);
        MinHashLSHModel model = lsh.fit(features);
        Dataset<Row> hashed = model.transform(features).select(col(TextSchema.ID), col(HASHES));
        MapFunction<Row, Row> toLongs = r -> {
            List<Object> tables = r.getList(1);
            long[] sig = new long[tables.size()];
            for (int i = 0; i < sig.length; i++) {
                sig[i] = (long) ((Vector) tables.get(i)).apply(0);
            }
            return RowFactory.create(r.getLong(0), LongBytes.encode(sig));
        };
        StructType sigOnly = new StructType().add(TextSchema.ID, DataTypes.LongType, false)
                .add(SIGNATURE, DataTypes.BinaryType, false);
        Dataset<Row> signatures = hashed.map(toLongs, Encoders.row(sigOnly));
        Dataset<Row> sets = docs.select(col(TextSchema.ID),
                udf(shingles, DataTypes.BinaryType).apply(col(TextSchema.TEXT)).as(SHINGLES));
        return signatures.join(sets, TextSchema.ID).select(col(TextSchema.ID), col(SIGNATURE), col(SHINGLES));
    }
}
