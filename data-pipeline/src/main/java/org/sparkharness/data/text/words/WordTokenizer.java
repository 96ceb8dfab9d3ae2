package org.sparkharness.data.text.words;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document into word tokens. Each implementation is named after the reference tokenizer it reproduces:
 * {@link RegexWordTokenizer} (the quality filters' pinned regex) and {@link DatatroveWordTokenizer} (the words
 * datatrove's MinHash dedup shingles). Drop rates depend strongly on the tokenizer
 * (docs/algorithms/data-pipeline.md §7.3: the Treebank tokenizer changes the kept set by about 43 % against the regex
 * one), so the filters record its {@link #name()} in every stats file.
 */
public interface WordTokenizer extends Serializable {

    /** A stable name that identifies the exact tokenization rule, recorded in stats and manifests. */
    String name();

    /** Token spans as UTF-16 offsets into {@code text}: the fast form the filters use. */
    Tokens tokenize(String text);

    /** The tokens as strings (convenient, allocates one string per token). */
    default List<String> words(String text) {
        Tokens tokens = tokenize(text);
        List<String> words = new ArrayList<>(tokens.count());
        for (int i = 0; i < tokens.count(); i++) words.add(tokens.word(i));
        return words;
    }
}
