package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkharness.data.image.ImageFolders;
import org.sparkharness.data.image.ImageSize;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Training data. {@code source: fashion-mnist} (the default) reads the four IDX files in {@code dir} (any Hadoop URI);
 * {@code source: table} reads the user's table with Spark's DataFrameReader on the executors ({@link TableSpec} says
 * what each table key means). {@code batchSize} is per worker (default 64); {@code trainLimit}/{@code testLimit} keep
 * only the N examples with the smallest ids (quick runs).
 *
 * @param task       classification (class indices, softmax, accuracy) or regression (real targets, identity output,
 *                   mean squared error; tables only)
 * @param outputs    regression targets per row (regression only); null: 1 for a numeric label column, else the
 *                   first row's label width
 * @param imageShape {@code [height, width, channels]} of a table's rows, channels-first flattened, for convolutional
 *                   models; null: a flat row of features
 * @param imageSize  {@code format: image} (folders {@code <root>/<class name>/<image>}): {@code [height, width,
 *                   channels]} every image is resized and converted to, channels 1 (grey) or 3 (RGB); required there,
 *                   refused elsewhere. Classes come from the folder names, so the column keys, {@code classes},
 *                   {@code standardize} (each channel is normalised anyway) and regression are refused for images
 * @param keep       train on a subset: a {@code curate} prune stage's folder or a Parquet table of ids (any source)
 */
public record DataConfig(Source source, String dir, String format, String train, String test,
                         Double validationFraction, String labelCol, String featuresCol, List<String> featureCols,
                         String idCol, Map<String, String> options, Boolean standardize, Task task, Integer classes,
                         Integer outputs, List<Integer> imageShape, List<Integer> imageSize, OnBadRows onBadRows,
                         String keep, Integer batchSize,
                         Integer trainLimit, Integer testLimit) implements Serializable {
    /** Where training data comes from; YAML names in lower case. */
    public enum Source {
        FASHION_MNIST("fashion-mnist"), TABLE("table");

        private final String yaml;

        Source(String yaml) { this.yaml = yaml; }

        @JsonValue
        @Override public String toString() { return yaml; }
    }

    /** What the network predicts; YAML names in lower case. */
    public enum Task {
        CLASSIFICATION("classification", org.sparkharness.executors.model.Task.CLASSIFICATION),
        REGRESSION("regression", org.sparkharness.executors.model.Task.REGRESSION);

        private final String yaml;
        private final org.sparkharness.executors.model.Task modelTask;

        Task(String yaml, org.sparkharness.executors.model.Task modelTask) {
            this.yaml = yaml;
            this.modelTask = modelTask;
        }

        /** The task as the model and data plane take it. */
        public org.sparkharness.executors.model.Task modelTask() { return modelTask; }

        @JsonValue
        @Override public String toString() { return yaml; }
    }

    /** What reading does with a row it cannot use; YAML names in lower case. */
    public enum OnBadRows {
        FAIL("fail", TableSpec.OnBadRows.FAIL), SKIP("skip", TableSpec.OnBadRows.SKIP);

        private final String yaml;
        private final TableSpec.OnBadRows policy;

        OnBadRows(String yaml, TableSpec.OnBadRows policy) {
            this.yaml = yaml;
            this.policy = policy;
        }

        /** The policy the data plane applies. */
        public TableSpec.OnBadRows policy() { return policy; }

        @JsonValue
        @Override public String toString() { return yaml; }
    }

    /** Held-out share of a table without a test table. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public DataConfig {
        source = source == null ? Source.FASHION_MNIST : source;
        boolean image = source == Source.TABLE && format != null && format.equalsIgnoreCase(ImageFolders.FORMAT);
        if (image) {
            // Before the column keys get their defaults: what the user wrote is what is refused.
            imageSize = checkImage(imageSize, labelCol, featuresCol, featureCols, idCol, options, standardize, task,
                    classes, outputs, imageShape);
        } else if (imageSize != null) {
            throw new ConfigException("imageSize", imageSize, "is for format: image (folders of images); a table's "
                    + "rows give their image shape with data.imageShape");
        }
        batchSize = Check.positiveInt("batchSize", batchSize == null ? 64 : batchSize);
        if (trainLimit != null) Check.positiveInt("trainLimit", trainLimit);
        if (testLimit != null) Check.positiveInt("testLimit", testLimit);
        task = task == null ? Task.CLASSIFICATION : task;
        if (task == Task.REGRESSION) {
            if (source != Source.TABLE) {
                throw new ConfigException("task", task, "needs source: table (" + source + " is a classification dataset)");
            }
            if (classes != null) throw new ConfigException("classes", classes, "is for task: classification; regression "
                    + "sets its targets per row with data.outputs");
            if (outputs != null) Check.positiveInt("outputs", outputs);
        } else if (outputs != null) {
            throw new ConfigException("outputs", outputs, "is for task: regression; classification sets data.classes");
        }
        onBadRows = onBadRows == null ? OnBadRows.FAIL : onBadRows;
        if (keep != null && keep.isBlank()) throw new ConfigException("keep", keep, "must be a path, or null to train on every row");
        if (classes != null && classes < 2) throw new ConfigException("classes", classes, "must be >= 2");
        if (imageShape != null) {
            if (imageShape.size() != 3 || imageShape.stream().anyMatch(v -> v == null || v < 1)) {
                throw new ConfigException("imageShape", imageShape, "must be [height, width, channels], each >= 1");
            }
            imageShape = List.copyOf(imageShape);
        }
        featureCols = featureCols == null ? null : List.copyOf(featureCols);
        options = options == null ? Map.of() : Map.copyOf(options);
        standardize = standardize != null && standardize;
        // Image folders have no columns: left null, so a saved config.yaml reads back without them.
        labelCol = labelCol == null && !image ? "label" : labelCol;
        featuresCol = featuresCol == null && !image ? "features" : featuresCol;
        if (source == Source.TABLE) {
            if (format == null) throw new ConfigException("format", null, "is required with source: table; one of " + TableSpec.FORMATS);
            format = format.toLowerCase(Locale.ROOT);
            if (!TableSpec.FORMATS.contains(format)) throw new ConfigException("format", format, "must be one of " + TableSpec.FORMATS);
            if (train == null || train.isBlank()) throw new ConfigException("train", train, "is required with source: table (a Hadoop URI or local path)");
            if (test != null && validationFraction != null) {
                throw new ConfigException("validationFraction", validationFraction, "give either data.test or data.validationFraction, not both");
            }
            if (test == null) {
                validationFraction = validationFraction == null ? DEFAULT_VALIDATION_FRACTION : validationFraction;
                if (!(validationFraction > 0 && validationFraction < 1)) {
                    throw new ConfigException("validationFraction", validationFraction, "must be > 0 and < 1");
                }
            }
            if (featureCols != null && featureCols.isEmpty()) throw new ConfigException("featureCols", featureCols, "must name at least one column, or be null");
            if (dir != null) throw new ConfigException("dir", dir, "is for source: fashion-mnist; a table is read from data.train");
        } else {
            dir = dir == null || dir.isBlank() ? "data/fashion-mnist" : dir;
            for (Map.Entry<String, Object> e : tableOnly(format, train, test, validationFraction, featureCols, idCol,
                    classes, imageShape, imageSize, options, standardize).entrySet()) {
                if (e.getValue() != null) {
                    throw new ConfigException(e.getKey(), e.getValue(), "is for source: table (source is " + source + ")");
                }
            }
        }
    }

    /**
     * The valid {@code imageSize} of {@code format: image}, after refusing the keys an image folder does not read.
     */
    private static List<Integer> checkImage(List<Integer> imageSize, String labelCol, String featuresCol,
                                            List<String> featureCols, String idCol, Map<String, String> options,
                                            Boolean standardize, Task task, Integer classes, Integer outputs,
                                            List<Integer> imageShape) {
        String allowed = "[height, width, channels]: three whole numbers >= 1, channels 1 (grey) or 3 (RGB), e.g. "
                + "[28, 28, 1]";
        if (imageSize == null) throw new ConfigException("imageSize", null, "is required with format: image; " + allowed);
        if (imageSize.size() != 3 || imageSize.stream().anyMatch(v -> v == null || v < 1)
                || !ImageSize.CHANNELS.contains(imageSize.get(2))) {
            throw new ConfigException("imageSize", imageSize, "must be " + allowed);
        }
        java.util.LinkedHashMap<String, Object> unread = new java.util.LinkedHashMap<>();
        unread.put("labelCol", labelCol);
        unread.put("featuresCol", featuresCol);
        unread.put("featureCols", featureCols);
        unread.put("idCol", idCol);
        unread.put("options", options == null || options.isEmpty() ? null : options);
        unread.put("classes", classes);
        unread.put("outputs", outputs);
        unread.put("imageShape", imageShape);
        for (Map.Entry<String, Object> e : unread.entrySet()) {
            if (e.getValue() != null) {
                throw new ConfigException(e.getKey(), e.getValue(), "is not read with format: image: classes are the "
                        + "class folders (<root>/<class name>/<image>), ids hash the file paths and data.imageSize "
                        + "gives the shape; leave it out");
            }
        }
        if (Boolean.TRUE.equals(standardize)) {
            throw new ConfigException("standardize", true, "is not read with format: image: each channel is "
                    + "normalised by its mean and std fitted on the training images anyway; leave it out");
        }
        if (task == Task.REGRESSION) {
            throw new ConfigException("task", task, "format: image trains classifiers (classes are the class folders)");
        }
        return List.copyOf(imageSize);
    }

    /** The keys that only a table reads, with the values given (fields are not assigned yet in the constructor). */
    private static Map<String, Object> tableOnly(String format, String train, String test, Double validationFraction,
                                                 List<String> featureCols, String idCol, Integer classes,
                                                 List<Integer> imageShape, List<Integer> imageSize,
                                                 Map<String, String> options,
                                                 boolean standardize) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("format", format);
        m.put("train", train);
        m.put("test", test);
        m.put("validationFraction", validationFraction);
        m.put("featureCols", featureCols);
        m.put("idCol", idCol);
        m.put("classes", classes);
        m.put("imageShape", imageShape);
        m.put("imageSize", imageSize);
        if (!options.isEmpty()) m.put("options", options);
        if (standardize) m.put("standardize", true);
        return m;
    }

    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRegression() {
        return task == Task.REGRESSION;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTable() {
        return source == Source.TABLE;
    }

    /** Folders of images ({@code format: image}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isImageFolder() {
        return isTable() && ImageFolders.FORMAT.equals(format);
    }

    /**
     * The {@code [height, width, channels]} of a table's examples as the model sees them: {@code imageSize} for image
     * folders, {@code imageShape} for other tables (null: flat rows).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<Integer> exampleShape() {
        return isImageFolder() ? imageSize : imageShape;
    }

    /**
     * What the data plane reads: the table keys as they are, or Fashion-MNIST as a table of 10 classes with ids and
     * its own test files.
     */
    public TableSpec tableSpec(long seed) {
        TableSpec.OnBadRows policy = onBadRows.policy();
        if (!isTable()) {
            return new TableSpec("idx", dir, dir, 0, "label", "features", null, "id", Map.of(), false, 10,
                    org.sparkharness.executors.model.Task.CLASSIFICATION, null, policy, trainLimit, testLimit, keep, seed);
        }
        return new TableSpec(format, train, test, test == null ? validationFraction : 0, labelCol, featuresCol,
                featureCols, idCol, options, standardize, classes, task.modelTask(), outputs, policy, trainLimit, testLimit,
                keep, seed, isImageFolder() ? ImageSize.of(imageSize) : null);
    }
}
