/**
 * Word tokenizers for the text stages, one {@link org.sparkharness.data.text.words.WordTokenizer} per reference
 * tokenizer reproduced: {@link org.sparkharness.data.text.words.RegexWordTokenizer} for the quality filters (the
 * pinned regex, with Java's or Python's character classes) and
 * {@link org.sparkharness.data.text.words.DatatroveWordTokenizer} for MinHash dedup (datatrove's word split of
 * simplified text). Both run the same char loop over the same character rules ({@code CharClasses}), which differ
 * only where the references do, and return {@link org.sparkharness.data.text.words.Tokens}: UTF-16 spans of the
 * input, with code-point lengths and word ids for n-gram counting. For the MinHash shingles the same loop writes
 * {@link org.sparkharness.data.text.words.ShingleWords} (the words' UTF-8, space-joined) in the same pass.
 */
package org.sparkharness.data.text.words;
