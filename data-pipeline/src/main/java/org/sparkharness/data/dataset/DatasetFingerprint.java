package org.sparkharness.data.dataset;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a run read: the SHA-256 of every dataset file's bytes and what those files are, for the run manifest.
 *
 * <p>{@code kind} is {@link #OFFICIAL} when every file matches a published checksum, {@link #SUBSET} when the
 * files match a known subset (e.g. the committed {@code testdata/fashion-mnist-mini}), else {@link #UNKNOWN}.
 *
 * @param dataset     display name, e.g. {@code Fashion-MNIST}
 * @param dir         the directory read, as a qualified URI
 * @param kind        {@code official}, {@code subset} or {@code unknown}
 * @param description which official release or subset matched; for {@code unknown}, why nothing matched
 * @param sha256      file name → lower-case hex SHA-256 of the file bytes, sorted by name, unmodifiable
 * @param sumsChecked whether the files were checked against a {@code SHA256SUMS} file in {@code dir}
 */
public record DatasetFingerprint(String dataset, String dir, String kind, String description,
                                 Map<String, String> sha256, boolean sumsChecked) {

    public static final String OFFICIAL = "official";
    public static final String SUBSET = "subset";
    public static final String UNKNOWN = "unknown";

    public DatasetFingerprint {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(description, "description");
        if (!OFFICIAL.equals(kind) && !SUBSET.equals(kind) && !UNKNOWN.equals(kind)) {
            throw new IllegalArgumentException("kind must be official, subset or unknown, got " + kind);
        }
        sha256 = java.util.Collections.unmodifiableMap(new TreeMap<>(sha256));
    }

    /** True when the files are the complete, unmodified official release. */
    public boolean isOfficial() {
        return OFFICIAL.equals(kind);
    }
}
