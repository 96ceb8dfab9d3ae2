package org.sparkharness.data.dataset;

/** Which part of a dataset with a fixed train/test split to load. */
public enum Split {
    TRAIN,
    TEST;

    /** {@code "train"} or {@code "test"}, for messages and manifests. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
