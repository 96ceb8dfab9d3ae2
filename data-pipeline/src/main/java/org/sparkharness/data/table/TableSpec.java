package org.sparkharness.data.table;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.sparkharness.data.image.ImageSize;
import org.sparkharness.executors.model.Task;

/**
 * Where the training rows are and how to read them: what {@code data:} says for {@code source: table}, already
 * validated by the driver's config record. Read by {@link TrainingTable}; held by the driver, never the rows.
 *
 * @param format             a Spark DataFrameReader format: parquet, csv, libsvm, orc or json; or image for a
 *                           folder of images (then the column keys are not read)
 * @param train              Hadoop URI or local path of the training rows (a file or a folder of part files)
 * @param test               the test rows, or null to hold out {@code validationFraction} of {@code train}
 * @param validationFraction share of the training rows held out as test rows when {@code test} is null
 * @param labelCol           the label column: a class index (whole number) for classification; for regression a
 *                           number, or a numeric array or Spark ML vector holding several targets
 * @param featuresCol        a Spark ML Vector or numeric array column, used when {@code featureCols} is null and the
 *                           column exists
 * @param featureCols        numeric columns to use as features, in order; null: {@code featuresCol}, or when that
 *                           column does not exist every column but the label and id
 * @param idCol              stable example ids (integral or string), or null to derive them from each row's values
 * @param options            passed to the DataFrameReader as they are (csv header, inferSchema, ...)
 * @param standardize        scale features to zero mean and unit variance, fitted on the training rows only
 * @param classes            number of classes, or null to infer it as the largest label + 1 (classification only)
 * @param task               classification (class labels) or regression (real targets)
 * @param outputs            regression targets per row, or null: 1 for a numeric label column, else the width of the
 *                           first row's label
 * @param onBadRows          what a row that cannot be trained on does to the run
 * @param trainLimit         keep only the training rows with the smallest ids (quick runs), or null
 * @param testLimit          the same for the test rows
 * @param keep               train only on the rows whose ids are listed here: a prune stage's folder (its
 *                           {@code kept/} Parquet) or a Parquet table with an {@code id} column; null: every row
 * @param seed               run seed: decides the held-out split and which worker owns each row
 * @param imageSize          format image: the size every image is brought to; null for other formats
 */
public record TableSpec(String format, String train, String test, double validationFraction, String labelCol,
                        String featuresCol, List<String> featureCols, String idCol, Map<String, String> options,
                        boolean standardize, Integer classes, Task task, Integer outputs, OnBadRows onBadRows,
                        Integer trainLimit,
                        Integer testLimit, String keep, long seed, ImageSize imageSize) implements Serializable {

    /**
     * Formats the harness reads training rows from: DataFrameReader formats, and {@code image} for folders of images
     * ({@link org.sparkharness.data.image.ImageFolders}).
     */
    public static final List<String> FORMATS = List.of("parquet", "csv", "libsvm", "orc", "json",
            org.sparkharness.data.image.ImageFolders.FORMAT);

    /** What a row that cannot be trained on does to the run. */
    public enum OnBadRows {
        /** Stop before training with counts per reason and example rows. */
        FAIL,
        /** Leave the row out, counted per reason in the manifest and the log. */
        SKIP
    }

    public TableSpec {
        featureCols = featureCols == null ? null : List.copyOf(featureCols);
        options = options == null ? Map.of() : Map.copyOf(options);
        task = task == null ? Task.CLASSIFICATION : task;
    }

    /** A table of another format than image. */
    public TableSpec(String format, String train, String test, double validationFraction, String labelCol,
                     String featuresCol, List<String> featureCols, String idCol, Map<String, String> options,
                     boolean standardize, Integer classes, Task task, Integer outputs, OnBadRows onBadRows,
                     Integer trainLimit, Integer testLimit, String keep, long seed) {
        this(format, train, test, validationFraction, labelCol, featuresCol, featureCols, idCol, options, standardize,
                classes, task, outputs, onBadRows, trainLimit, testLimit, keep, seed, null);
    }

    /** The same table with every row a training row: no test table, nothing held out (for scoring). */
    public TableSpec trainingOnly() {
        return new TableSpec(format, train, null, 0, labelCol, featuresCol, featureCols, idCol, options, standardize,
                classes, task, outputs, onBadRows, trainLimit, null, keep, seed, imageSize);
    }

    public boolean isRegression() {
        return task == Task.REGRESSION;
    }
}
