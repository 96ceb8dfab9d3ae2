package org.sparkharness.data.table;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Why a row cannot be trained on, or {@link #NONE}. Codes travel as an int column within one run. {@link #RAGGED}
 * is decided after the rows are counted (the feature width is the most common one), {@link #MISSING_ID} from the id
 * column, the image problems by {@link org.sparkharness.data.image.ImageFolders}, the others row by row by {@link #of}.
 */
public enum RowProblem {
    NONE("ok"),
    MISSING_ID("the id is missing"),
    MISSING_CLIENT("the client column (federated.partition.column) is empty"),
    MISSING_LABEL("the label is missing"),
    LABEL_NOT_A_CLASS("the label is not a whole number from 0 to classes - 1"),
    NON_FINITE_TARGET("a regression target is missing, NaN or infinite"),
    TARGET_COUNT("the row has another number of regression targets than data.outputs"),
    MISSING_FEATURES("the features are missing"),
    NON_FINITE_FEATURE("a feature is missing, NaN or infinite"),
    // Image folders (data.format: image): why a file gives no example.
    EMPTY_FILE("the file is empty"),
    NOT_AN_IMAGE("the file is not an image javax.imageio reads (PNG, JPEG, GIF, BMP, TIFF)"),
    CORRUPT_IMAGE("the image is damaged and cannot be decoded"),
    MISPLACED_FILE("the file is not inside a class folder (<root>/<class name>/<file>)"),
    UNKNOWN_CLASS("the test image's class folder is not one of the training classes"),
    RAGGED("the row has another number of features than the others");

    private final String description;

    RowProblem(String description) {
        this.description = description;
    }

    /** What is wrong, in words for a log line. */
    public String description() {
        return description;
    }

    /** The key used in counts ({@code non_finite_feature}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int code() {
        return ordinal();
    }

    public static RowProblem ofCode(int code) {
        return values()[code];
    }

    /**
     * The first problem of a row, checking the label before the features.
     *
     * @param classes the number of classes, or null when it is inferred (then only negative and fractional labels
     *                are refused)
     */
    public static RowProblem of(Vector features, Double label, Integer classes) {
        if (label == null) return MISSING_LABEL;
        double y = label;
        if (!(y >= 0) || y != Math.rint(y) || y > Integer.MAX_VALUE || (classes != null && y >= classes)) {
            return LABEL_NOT_A_CLASS;
        }
        return ofFeatures(features);
    }

    /** The first problem of a regression row, checking its {@code outputs} targets before the features. */
    public static RowProblem ofTargets(Vector features, Vector targets, int outputs) {
        if (targets == null) return MISSING_LABEL;
        if (targets.size() != outputs) return TARGET_COUNT;
        if (!allFinite(targets)) return NON_FINITE_TARGET;
        return ofFeatures(features);
    }

    private static RowProblem ofFeatures(Vector features) {
        if (features == null) return MISSING_FEATURES;
        return allFinite(features) ? NONE : NON_FINITE_FEATURE;
    }

    private static boolean allFinite(Vector v) {
        double[] values = v instanceof SparseVector s ? s.values() : ((DenseVector) v).values();
        for (double x : values) {
            if (!Double.isFinite(x)) return false;
        }
        return true;
    }
}
