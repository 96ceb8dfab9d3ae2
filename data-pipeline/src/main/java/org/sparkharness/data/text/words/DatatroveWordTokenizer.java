package org.sparkharness.data.text.words;

/**
 * The words datatrove's MinHash dedup shingles, on text its {@code simplify_text} produced: maximal runs of word
 * characters (Java's {@code (?U)\w}: Alphabetic, Mn, Me, Mc, Nd, Pc, Join_Control) and maximal runs of other
 * characters, split on Python's whitespace ({@code str.split()}, as the simplified text was joined); the regex
 * {@link #REGEX} finds the same words on such text. It stands in for datatrove's English tokenizer (spaCy): on text
 * already stripped of punctuation both split on whitespace and split symbols off words; spaCy's English exceptions
 * ("dont" to "do" + "nt", "gonna" to "gon" + "na") are not reproduced. Unlike {@link RegexWordTokenizer}, hyphens
 * and apostrophes never join words.
 */
public final class DatatroveWordTokenizer implements WordTokenizer {
    private static final long serialVersionUID = 1L;

    /** The same words as a regex, for Spark MLlib's RegexTokenizer ({@code gaps = false}). */
    public static final String REGEX = "(?U)\\w+|[^\\w\\s]+";

    private static final RunSplitter SPLIT = new RunSplitter(CharClasses.JAVA_WORDS_PYTHON_SPACE, false);

    public static final DatatroveWordTokenizer INSTANCE = new DatatroveWordTokenizer();

    private DatatroveWordTokenizer() {}

    @Override
    public String name() {
        return "datatrove-dedup:" + REGEX + " (Java word classes, Python whitespace)";
    }

    @Override
    public Tokens tokenize(String text) {
        return SPLIT.split(text);
    }

    /** The words of {@code text} laid out for shingling (UTF-8, joined by single spaces), in one pass. */
    public static ShingleWords shingleWords(String text) {
        ShingleWords.Builder utf8 = new ShingleWords.Builder(text.length());
        SPLIT.split(text, utf8);
        return utf8.build();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
