package org.sparkharness.data.text.dedup;

import java.io.Serializable;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Settings of {@link NearDedup}; Jackson binds it from YAML/JSON, missing fields take the defaults, which are
 * datatrove's MinHash settings (docs/algorithms/data-pipeline.md §3.2, §7.1) plus the project's exact-Jaccard
 * verification.
 *
 * @param ngram                words per shingle; default 5
 * @param bands                LSH bands b; default 14
 * @param rows                 hashes per band r; default 8 (b·r = 112 hashes, threshold ≈ 0.72, P(0.8) = 0.924);
 *                             b·r at most 10,000
 * @param seed                 seed of the permutations (numpy {@code RandomState} in datatrove mode, MinHashLSH's
 *                             seed in mllib mode); default 1 (datatrove's); in [0, 2^32)
 * @param signatures           {@code datatrove} (default) or {@code mllib}
 * @param shingleHash          {@code sha1} (default) or {@code xxhash64}; also hashes the shingles used for
 *                             verification in mllib mode
 * @param simplification       datatrove's text simplification switches; default datatrove's defaults
 * @param verify               drop candidate pairs whose exact shingle Jaccard is below {@code jaccardThreshold};
 *                             default true
 * @param jaccardThreshold     in (0, 1]; default 0.8
 * @param maxBucketForAllPairs a bucket with at most this many documents yields all its pairs; a larger one yields
 *                             edges from its smallest id to every other member (a star), so one giant bucket costs
 *                             n − 1 pairs, not n(n − 1)/2; default 32, {@code >= 2}
 * @param mllibNumFeatures     HashingTF dimension in mllib mode; default 2^20, at most 2,038,074,743
 * @param sampleSize           how many clusters and removed documents the stats list; default 20, {@code >= 0}
 */
public record NearDedupSettings(Integer ngram, Integer bands, Integer rows, Long seed, SignatureMode signatures,
                                ShingleHash shingleHash, TextSimplification simplification, Boolean verify,
                                Double jaccardThreshold, Integer maxBucketForAllPairs, Integer mllibNumFeatures,
                                Integer sampleSize) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_HASHES = 10_000;
    /** {@code org.apache.spark.ml.feature.MinHashLSH.HASH_PRIME}: MinHashLSH rejects larger input dimensions. */
    private static final int MLLIB_HASH_PRIME = 2038074743;

    /** Applies the defaults and validates; throws {@link ConfigException} naming the field. */
    public NearDedupSettings {
        ngram = Check.positiveInt("ngram", ngram == null ? 5 : ngram);
        bands = Check.positiveInt("bands", bands == null ? 14 : bands);
        rows = Check.positiveInt("rows", rows == null ? 8 : rows);
        if ((long) bands * rows > MAX_HASHES) {
            throw new ConfigException("rows", rows, "bands * rows must be <= " + MAX_HASHES + " (bands = " + bands
                    + ")");
        }
        seed = seed == null ? 1L : seed;
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new ConfigException("seed", seed, "must be in [0, 4294967295] (numpy RandomState seeds)");
        }
        signatures = signatures == null ? SignatureMode.DATATROVE : signatures;
        shingleHash = shingleHash == null ? ShingleHash.SHA1 : shingleHash;
        simplification = simplification == null ? TextSimplification.defaults() : simplification;
        verify = verify == null || verify;
        jaccardThreshold = jaccardThreshold == null ? 0.8 : jaccardThreshold;
        Check.inClosed("jaccardThreshold", jaccardThreshold, 0, 1);
        if (jaccardThreshold <= 0) {
            throw new ConfigException("jaccardThreshold", jaccardThreshold, "must be > 0");
        }
        maxBucketForAllPairs = maxBucketForAllPairs == null ? 32 : maxBucketForAllPairs;
        if (maxBucketForAllPairs < 2) {
            throw new ConfigException("maxBucketForAllPairs", maxBucketForAllPairs, "must be >= 2");
        }
        mllibNumFeatures = Check.positiveInt("mllibNumFeatures", mllibNumFeatures == null ? 1 << 20 : mllibNumFeatures);
        if (mllibNumFeatures > MLLIB_HASH_PRIME) {
            throw new ConfigException("mllibNumFeatures", mllibNumFeatures, "must be <= " + MLLIB_HASH_PRIME
                    + " (MinHashLSH's prime)");
        }
        sampleSize = sampleSize == null ? 20 : sampleSize;
        if (sampleSize < 0) {
            throw new ConfigException("sampleSize", sampleSize, "must be >= 0");
        }
    }

    /** datatrove's MinHash settings with verification at Jaccard 0.8. */
    public static NearDedupSettings defaults() {
        return new NearDedupSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These settings with another signature source. */
    public NearDedupSettings withSignatures(SignatureMode mode) {
        return new NearDedupSettings(ngram, bands, rows, seed, mode, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public NearDedupSettings withNgram(int ngram) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withBands(int bands) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withRows(int rows) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withSeed(long seed) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withShingleHash(ShingleHash shingleHash) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withSimplification(TextSimplification simplification) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withVerify(boolean verify) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withJaccardThreshold(double jaccardThreshold) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withMaxBucketForAllPairs(int maxBucketForAllPairs) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withMllibNumFeatures(int mllibNumFeatures) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }

    public NearDedupSettings withSampleSize(int sampleSize) {
        return new NearDedupSettings(ngram, bands, rows, seed, signatures, shingleHash, simplification, verify,
                jaccardThreshold, maxBucketForAllPairs, mllibNumFeatures, sampleSize);
    }
}
