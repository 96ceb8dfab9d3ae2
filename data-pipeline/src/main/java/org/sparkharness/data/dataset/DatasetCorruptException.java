package org.sparkharness.data.dataset;

/**
 * A dataset file exists but is damaged: its checksum disagrees with {@code SHA256SUMS}, it is not valid IDX, or its
 * content contradicts the dataset (label out of range, counts that differ between images and labels). The message
 * names the file, the problem and how to repair it (usually the command that re-fetches it).
 */
public final class DatasetCorruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final String file;
    private final String problem;

    /**
     * @param dataset   display name, e.g. {@code Fashion-MNIST}
     * @param file      the damaged file (local path or URI)
     * @param problem   what is wrong, with expected and found values
     * @param fix       a sentence saying how to repair it, e.g.
     *                  {@code Re-fetch it with `scripts/fetch-data fashion-mnist --dest /data/fm`}
     * @param cause     the parse error, if any
     */
    public DatasetCorruptException(String dataset, String file, String problem, String fix, Throwable cause) {
        super(dataset + " file " + file + " is corrupt: " + problem + ". " + fix + ".", cause);
        this.dataset = dataset;
        this.file = file;
        this.problem = problem;
    }

    public String dataset() {
        return dataset;
    }

    public String file() {
        return file;
    }

    public String problem() {
        return problem;
    }
}
