package org.sparkharness.data.idx;

/**
 * The bytes are not a valid IDX file of a supported kind. The message names the source (file name or URI), what was
 * expected and what was found, e.g. {@code "t.gz: truncated: header says 60000×28×28 = 47040000 bytes, found 1000"}.
 */
public final class IdxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public IdxFormatException(String source, String problem) {
        this(source, problem, null);
    }

    public IdxFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name or URI that was being read. */
    public String source() {
        return source;
    }

    /** The problem without the source prefix: what was expected and what was found. */
    public String problem() {
        return problem;
    }
}
