package org.sparkharness.data.text.words;

/**
 * The quality filters' pinned tokenizer (docs/algorithms/data-pipeline.md §7.1): the matches of {@value #PATTERN},
 * i.e. words with inner hyphens or apostrophes ("don't", "state-of-the-art") and runs of punctuation, whitespace
 * dropped. Found by {@link RunSplitter}'s char loop, which gives exactly the regex's matches (checked against
 * {@link java.util.regex.Pattern} in the tests) at several times its speed.
 *
 * <p>Two flavours of the character classes ({@link CharClasses}):
 * <ul>
 *   <li>{@link #INSTANCE} (the project default, as the spec pins it): Java's {@code Pattern.UNICODE_CHARACTER_CLASS},
 *       word = Alphabetic, Mn, Me, Mc, Nd, Pc or Join_Control; space = White_Space.</li>
 *   <li>{@link #PYTHON_RE}: Python 3's {@code re} on str, which the reference port used: word = {@code isalnum()}
 *       (categories L*, Nd, Nl, No) or {@code _}; space = {@code isspace()}. Combining marks are not word chars
 *       there, which moves a handful of mojibake documents between Gopher rules
 *       (docs/algorithms/data-pipeline.md §7.3 parity).</li>
 * </ul>
 */
public final class RegexWordTokenizer implements WordTokenizer {
    private static final long serialVersionUID = 1L;

    /** The regex this tokenizer implements. */
    public static final String PATTERN = "\\w+(?:[-']\\w+)*|[^\\w\\s]+";

    private static final RunSplitter JAVA_SPLIT = new RunSplitter(CharClasses.JAVA_UNICODE, true);
    private static final RunSplitter PYTHON_SPLIT = new RunSplitter(CharClasses.PYTHON_RE, true);

    /** Java's Unicode classes: the pinned default. */
    public static final RegexWordTokenizer INSTANCE = new RegexWordTokenizer(false);

    /** Python {@code re} classes, for parity with the Python reference port. */
    public static final RegexWordTokenizer PYTHON_RE = new RegexWordTokenizer(true);

    private final boolean python;

    private RegexWordTokenizer(boolean python) {
        this.python = python;
    }

    @Override
    public String name() {
        return "regex:" + PATTERN + (python ? " (Python re classes)" : " (Java UNICODE_CHARACTER_CLASS)");
    }

    @Override
    public Tokens tokenize(String text) {
        return (python ? PYTHON_SPLIT : JAVA_SPLIT).split(text);
    }

    private Object readResolve() {
        return python ? PYTHON_RE : INSTANCE;
    }
}
