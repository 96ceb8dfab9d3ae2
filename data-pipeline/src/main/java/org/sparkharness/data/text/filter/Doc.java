package org.sparkharness.data.text.filter;

import org.sparkharness.data.text.words.Tokens;
import org.sparkharness.data.text.words.WordTokenizer;

/**
 * One document as the filters of a chain see it: the current text plus views computed once, on first use, and
 * shared by every filter (tokens, {@code splitlines} spans, length in code points).
 *
 * <p>Tokens always belong to the chain's input text. When a filter rewrites the text (C4 drops lines), the next
 * filters get {@link #withText}: new text and lines, the original tokens. This is the reference semantics of
 * docs/algorithms/data-pipeline.md §7.1, where FineWeb's words-per-newline rule counts the original text's words.
 */
public final class Doc {
    private final String text;
    private final WordTokenizer tokenizer;
    private final Doc tokenSource;

    private Tokens tokens;
    private int surrogates = -1;
    private int length = -1;
    private int[] lines;
    private int lineCount;

    private Doc(String text, WordTokenizer tokenizer, Doc tokenSource) {
        this.text = text;
        this.tokenizer = tokenizer;
        this.tokenSource = tokenSource;
    }

    public static Doc of(String text, WordTokenizer tokenizer) {
        return new Doc(text, tokenizer, null);
    }

    /** The same document with rewritten text; tokens stay those of the original text. */
    public Doc withText(String newText) {
        return new Doc(newText, tokenizer, tokenSource == null ? this : tokenSource);
    }

    public String text() {
        return text;
    }

    /** Tokens of the chain's input text (see the class comment). */
    public Tokens tokens() {
        if (tokenSource != null) return tokenSource.tokens();
        if (tokens == null) tokens = tokenizer.tokenize(text);
        return tokens;
    }

    /** Whether the text holds a surrogate char, i.e. UTF-16 offsets and code point counts may differ. */
    public boolean hasSurrogates() {
        if (surrogates < 0) surrogates = Tokens.hasSurrogate(text, 0, text.length()) ? 1 : 0;
        return surrogates == 1;
    }

    /** {@code len(text)} in Python: code points. */
    public int length() {
        if (length < 0) length = hasSurrogates() ? text.codePointCount(0, text.length()) : text.length();
        return length;
    }

    /** {@code len(text[start:end])} in code points, for UTF-16 offsets. */
    public int length(int start, int end) {
        return PyStr.length(text, start, end, hasSurrogates());
    }

    /** Number of lines of {@code text.splitlines()}. */
    public int lineCount() {
        splitLines();
        return lineCount;
    }

    /** UTF-16 start of line {@code i} of {@code text.splitlines()}. */
    public int lineStart(int i) {
        splitLines();
        return lines[2 * i];
    }

    /** UTF-16 end of line {@code i} (before its line break). */
    public int lineEnd(int i) {
        splitLines();
        return lines[2 * i + 1];
    }

    private void splitLines() {
        if (lines != null) return;
        int[] count = new int[1];
        lines = PyStr.splitLines(text, count);
        lineCount = count[0];
    }
}
