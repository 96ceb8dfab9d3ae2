/**
 * Exact and near-duplicate removal for text corpora on Spark (docs/algorithms/data-pipeline.md §3).
 *
 * <p>Entry points: {@link org.sparkharness.data.text.dedup.ExactDedup#run} (MD5 of the normalised text,
 * {@link org.sparkharness.data.text.dedup.TextNormalisation}) and
 * {@link org.sparkharness.data.text.dedup.NearDedup#run} (MinHash LSH, verification by exact Jaccard, GraphX
 * connected components). Both keep the smallest id of each group, write {@code kept/} and {@code excluded/} Parquet
 * (excluded rows carry {@code reason} and {@code duplicate_of}) and a {@code stats.json}
 * ({@link org.sparkharness.data.text.dedup.DedupStats}); settings are Jackson-bindable records with datatrove's
 * defaults ({@link org.sparkharness.data.text.dedup.ExactDedupSettings},
 * {@link org.sparkharness.data.text.dedup.NearDedupSettings}).
 *
 * <p>datatrove compatibility (huggingface/datatrove @a649de7, {@code pipeline/dedup/minhash.py},
 * {@code utils/text.py}): {@link org.sparkharness.data.text.dedup.MinHasher} reproduces the permutation parameters
 * (numpy {@code RandomState(seed)}), {@code simplify_text}, the SHA-1 (or xxhash64) shingle hash and the uint64
 * arithmetic bit for bit; {@code testdata/text-dedup/golden.json}, written by an independent Python port, pins
 * this. Known differences: words come from a regex-like tokenizer
 * ({@link org.sparkharness.data.text.words.DatatroveWordTokenizer}) instead of spaCy (same split on simplified prose;
 * spaCy's English exceptions such as "dont" to "do" + "nt" are not reproduced); Java 17's Unicode 13 tables instead
 * of Python's; datatrove's default shingle hash became xxhash64 in its #179, the project default stays SHA-1 as
 * the spec says ({@code shingleHash: xxhash64} switches). Like datatrove, a text with fewer words than the
 * shingle size gets no signature and is never a near-duplicate candidate. Where datatrove clusters with a
 * single-task union-find over sorted signature files, this package groups band buckets with Spark (all pairs in
 * buckets of up to {@code maxBucketForAllPairs} documents, a star from the smallest id beyond), verifies pairs by
 * exact Jaccard (datatrove does not) and labels components with GraphX.
 */
package org.sparkharness.data.text.dedup;
