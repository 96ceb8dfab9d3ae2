/**
 * Text quality filters with datatrove @a649de7 semantics (docs/algorithms/data-pipeline.md §2): Gopher repetition
 * ({@link org.sparkharness.data.text.filter.GopherRepetitionFilter}), Gopher quality
 * ({@link org.sparkharness.data.text.filter.GopherQualityFilter}), C4 ({@link org.sparkharness.data.text.filter.C4QualityFilter})
 * and FineWeb ({@link org.sparkharness.data.text.filter.FineWebQualityFilter}), each a
 * {@link org.sparkharness.data.text.filter.QualityFilter} whose rules drop with short reason names
 * ({@code gopher_stop_words}, {@code dup_5_gram}, {@code c4_curly_bracket}, {@code fw_line_punct_ratio}, ...).
 *
 * <p>Entry points: {@link org.sparkharness.data.text.filter.FilterSettings} (Jackson-bindable, families by name and
 * thresholds), {@link org.sparkharness.data.text.filter.FilterChain} (pure: text in, first failing reason or output
 * text out) and the Spark stage {@link org.sparkharness.data.text.filter.TextFilterJob} (kept / excluded Parquet and
 * stats.json). Tokens come from the pinned {@link org.sparkharness.data.text.words.RegexWordTokenizer}, whose name
 * every stats file records.
 *
 * <p>Python semantics the reference relies on are reproduced, not approximated: {@code len} in code points,
 * {@code str.strip}/{@code split}/{@code splitlines} whitespace and line breaks, {@code Counter.most_common} ties,
 * non-overlapping {@code str.count}. Hash tables confirm every hit on the text, so hashing never changes a result.
 * On the §4 corpus the default chain reproduces every §7.3 count (exactly with the Python {@code re} character
 * classes, within 2 documents with the pinned Java ones); see {@code CorpusParity} in the tests.
 */
package org.sparkharness.data.text.filter;
