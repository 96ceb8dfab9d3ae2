package org.sparkharness.data.table;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Why a row cannot be trained on, or {@link #NONE}. Codes travel as an int column within one run. {@link #RAGGED}
 * is decided after the rows are counted (the feature width is the most common one), {@link #MISSING_ID} from the id
 * column, the others row by row by {@link #of}.
 */
public enum RowProblem {
    NONE("ok"),
    MISSING_ID("the id is missing"),
    MISSING_CLIENT("the client column (federated.partition.column) is empty"),
    MISSING_LABEL("the label is missing"),
    LABEL_NOT_A_CLASS("the label is not a whole number from 0 to classes - 1"),
    MISSING_FEATURES("the features are missing"),
    NON_FINITE_FEATURE("a feature is missing, NaN or infinite"),
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
        if (features == null) return MISSING_FEATURES;
        double[] values = features instanceof SparseVector s ? s.values() : ((DenseVector) features).values();
        for (double v : values) {
            if (!Double.isFinite(v)) return NON_FINITE_FEATURE;
        }
        return NONE;
    }
}
