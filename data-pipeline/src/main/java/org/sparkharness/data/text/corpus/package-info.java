/**
 * Reads text corpora into the four columns of {@link org.sparkharness.data.text.TextSchema#DOCS} (id, source,
 * location, text) with a {@link org.sparkharness.data.text.corpus.ReadReport} that accounts for every record:
 * documents produced, corrupt or unreadable records with their locations, replaced invalid UTF-8.
 *
 * <p>Formats: the three collections of the offline corpus (docs/algorithms/data-pipeline.md §4: {@code europarl},
 * {@code spam-assassin}, {@code jargon}, fetched by {@code scripts/fetch-data text-corpora}) and three generic ones
 * ({@code jsonl}, {@code text}, {@code parquet}). Ids are dense, {@code 0..N-1} in the order (input, file path,
 * line or record), and do not depend on how many partitions Spark reads with: every reader produces partitions that
 * are contiguous, ordered runs of records, a first pass counts documents per partition and a second assigns ids from
 * those offsets (what {@code zipWithIndex} does, plus line numbers and the report).
 *
 * <p>Entry point: {@link org.sparkharness.data.text.corpus.CorpusReader}.
 */
package org.sparkharness.data.text.corpus;
