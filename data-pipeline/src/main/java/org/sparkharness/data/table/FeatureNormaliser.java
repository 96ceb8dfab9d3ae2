package org.sparkharness.data.table;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A scaling of the features that a source brings with it (image folders: each channel by its mean and standard
 * deviation). {@link TrainingTable#check} fits it on the usable training rows only, after the limits and
 * {@code data.keep}, and applies it to both splits, so the test rows never inform it.
 */
public interface FeatureNormaliser extends Serializable {
    /** Fits on {@code train}, rows in the {@link ExampleTables} shape (a Spark job). */
    Fitted fit(Dataset<Row> train);

    /** A fitted scaling. */
    interface Fitted {
        /** {@code rows} with {@link ExampleTables#FEATURES} scaled, lazily. */
        Dataset<Row> apply(Dataset<Row> rows);

        /** What was fitted, for the manifest's {@code data.normalisation}. */
        Map<String, Object> describe();
    }
}
