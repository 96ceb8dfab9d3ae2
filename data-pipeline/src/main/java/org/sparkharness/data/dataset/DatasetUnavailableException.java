package org.sparkharness.data.dataset;

import java.util.List;

/**
 * A dataset's files are not where the configuration points. The message names the directory, the missing files and
 * the command that fetches them, for example:
 * <pre>
 * Fashion-MNIST is not available: /x/data/fashion-mnist does not exist (missing train-images-idx3-ubyte.gz,
 * train-labels-idx1-ubyte.gz). Fetch it with `scripts/fetch-data fashion-mnist` (writes data/fashion-mnist under the
 * repository root); use `scripts/fetch-data fashion-mnist --dest DIR` for another directory and set the data.dir
 * config field to DIR.
 * </pre>
 */
public final class DatasetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final String dir;
    private final List<String> missing;
    private final String fetchCommand;

    /**
     * @param dataset      display name, e.g. {@code Fashion-MNIST}
     * @param dir          the directory that was searched (local path or URI)
     * @param dirExists    whether the directory itself exists (changes the wording only)
     * @param missing      file names that were not found
     * @param fetchCommand the command without options, e.g. {@code scripts/fetch-data fashion-mnist}
     * @param defaultDir   where that command writes by default, relative to the repository root
     */
    public DatasetUnavailableException(String dataset, String dir, boolean dirExists, List<String> missing,
                                       String fetchCommand, String defaultDir) {
        super(message(dataset, dir, dirExists, missing, fetchCommand, defaultDir));
        this.dataset = dataset;
        this.dir = dir;
        this.missing = List.copyOf(missing);
        this.fetchCommand = fetchCommand;
    }

    private static String message(String dataset, String dir, boolean dirExists, List<String> missing,
                                  String fetchCommand, String defaultDir) {
        String where = dirExists
                ? "missing " + String.join(", ", missing) + " in " + dir
                : dir + " does not exist (missing " + String.join(", ", missing) + ")";
        return dataset + " is not available: " + where + ". Fetch it with `" + fetchCommand + "` (writes "
                + defaultDir + " under the repository root); use `" + fetchCommand + " --dest DIR` for another "
                + "directory and set the data.dir config field to DIR.";
    }

    public String dataset() {
        return dataset;
    }

    public String dir() {
        return dir;
    }

    public List<String> missing() {
        return missing;
    }

    public String fetchCommand() {
        return fetchCommand;
    }
}
