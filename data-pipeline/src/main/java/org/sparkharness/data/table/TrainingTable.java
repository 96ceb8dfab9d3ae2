package org.sparkharness.data.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.image.ImageFolders;

/**
 * A table made ready for training on the executors: read with Spark's DataFrameReader, checked in one counting
 * pass, standardised if asked, and cut into cached worker shards by a seeded hash of each row's id. The driver gets
 * the schema, the counts and the shard sizes, never the rows.
 *
 * <p>Order of work: schema (driver) → count pass (one Spark job: rows by split, problem, width and class) → verdict
 * (fail with counts and example rows, or skip and count) → optional StandardScaler, and the source's own
 * {@link FeatureNormaliser} (image folders), fitted on the usable training rows → shard jobs (one shuffle each for the
 * training and test shards). Image folders ({@code format: image}) are read by {@link ImageFolders}.
 */
public final class TrainingTable {
    /** Bad rows shown in a failure message. */
    private static final int EXAMPLES_SHOWN = 5;
    /**
     * Classes counted one by one and inferred at most: a label column that is really an id would otherwise bring a
     * count per distinct value to the driver and one-hot labels as wide as the table.
     */
    static final int MAX_INFERRED_CLASSES = 10_000;

    private TrainingTable() {}

    /**
     * The prepared data.
     *
     * @param train       one shard per worker
     * @param test        the test rows in at most as many shards as workers
     * @param width       features per example
     * @param outputs     the network's output width: number of classes, or of regression targets
     * @param profile     the counts of the checking pass
     * @param description what was read, for the run manifest (with the fitted scaler when standardised)
     */
    public record Prepared(TableShards.Sharded train, TableShards.Sharded test, int width, int outputs,
                           TableProfile profile, Map<String, Object> description) {
        public void unpersist() {
            train.unpersist();
            test.unpersist();
        }
    }

    /**
     * Rows in the {@link ExampleTables} shape, what their labels must be, what they were read from (for the
     * manifest), and the scaling the source brings (null: none), fitted on the usable training rows by {@link #check}.
     */
    public record Source(Dataset<Row> rows, Labels labels, Map<String, Object> description,
                         FeatureNormaliser normaliser) {
        public Source(Dataset<Row> rows, Labels labels, Map<String, Object> description) {
            this(rows, labels, description, null);
        }
    }

    /**
     * Usable rows, checked: the training and test rows without problems (standardised when asked), their width and
     * output width (classes or regression targets), the counts, and the description for the manifest.
     */
    public record Checked(Dataset<Row> train, Dataset<Row> test, int width, int outputs, TableProfile profile,
                          Map<String, Object> description) {}

    /** Reads {@code spec}'s files with the DataFrameReader and prepares them for {@code workers} workers. */
    public static Prepared load(SparkSession spark, TableSpec spec, int workers, Consumer<String> progress) {
        return prepare(read(spark, spec, null, progress), spec, workers, progress);
    }

    /**
     * {@code spec}'s files, read lazily with the DataFrameReader (the driver resolves the schema only); with
     * {@code groupCol}, that column's value travels along as {@link ExampleTables#GROUP} and is not a feature.
     */
    public static Source read(SparkSession spark, TableSpec spec, String groupCol, Consumer<String> progress) {
        if (ImageFolders.FORMAT.equals(spec.format())) return ImageFolders.read(spark, spec, groupCol, progress);
        Dataset<Row> trainRaw = ExampleTables.read(spark, spec.format(), spec.options(), spec.train());
        String where = "training table " + spec.train();
        TableColumns columns = TableColumns.resolve(trainRaw.schema(), spec, groupCol, where);
        requireGroup(trainRaw, groupCol, where);
        Labels labels = spec.isRegression() ? Labels.targets(outputs(trainRaw, columns, spec, where))
                : Labels.classes(spec.classes());
        Dataset<Row> rows;
        if (spec.test() != null) {
            Dataset<Row> testRaw = ExampleTables.read(spark, spec.format(), spec.options(), spec.test());
            String testWhere = "test table " + spec.test();
            TableColumns testColumns = TableColumns.resolve(testRaw.schema(), spec, groupCol, testWhere);
            requireGroup(testRaw, groupCol, testWhere);
            if (testColumns.kind() != columns.kind()) {
                throw new TableDataException(testWhere + " stores its features as "
                        + describeFeatures(testColumns) + " but training table " + spec.train() + " as "
                        + describeFeatures(columns) + "; both must store them the same way");
            }
            rows = ExampleTables.normalise(trainRaw, columns, labels, false, groupCol)
                    .unionByName(ExampleTables.normalise(testRaw, testColumns, labels, true, groupCol));
        } else {
            rows = ExampleTables.normaliseHoldingOut(trainRaw, columns, labels, spec.validationFraction(),
                    spec.seed(), groupCol);
        }
        String label = labels.isRegression() ? labels.outputs() + " regression target(s) from '" + columns.label() + "'"
                : "label '" + columns.label() + "'";
        progress.accept("table " + spec.train() + " (" + spec.format() + "): " + label + ", "
                + describeFeatures(columns) + ", ids " + (columns.id() == null ? "from row values" : "'" + columns.id() + "'"));
        return new Source(rows, labels, describeSource(spec, columns));
    }

    /**
     * Regression targets per row: data.outputs when given, 1 for a number column, else the size of the first row's
     * label (one row is read).
     */
    static int outputs(Dataset<Row> raw, TableColumns c, TableSpec spec, String where) {
        if (c.labelKind() == TableColumns.LabelKind.NUMBER) {
            if (spec.outputs() != null && spec.outputs() != 1) {
                throw new TableDataException(where + ": label column '" + c.label() + "' holds one number per row, "
                        + "but data.outputs is " + spec.outputs() + "; give the targets as an array or vector column, "
                        + "or set data.outputs: 1");
            }
            return 1;
        }
        if (spec.outputs() != null) return spec.outputs();
        List<Row> first = raw.select(col(c.label())).where(col(c.label()).isNotNull()).limit(1).collectAsList();
        if (first.isEmpty()) return 1; // every label is missing: the counting pass reports that
        Object v = first.get(0).get(0);
        int n = v instanceof org.apache.spark.ml.linalg.Vector vec ? vec.size() : ((scala.collection.Seq<?>) v).size();
        if (n < 1) {
            throw new TableDataException(where + ": the first row's label '" + c.label() + "' holds no targets; set "
                    + "data.outputs to the number of regression targets");
        }
        return n;
    }

    private static void requireGroup(Dataset<Row> raw, String groupCol, String where) {
        if (groupCol != null && !java.util.Arrays.asList(raw.columns()).contains(groupCol)) {
            throw new TableDataException(where + ": no column '" + groupCol + "' (federated.partition.column); the "
                    + "columns are " + String.join(", ", raw.columns()));
        }
    }

    /**
     * Prepares rows already in the common shape of {@link ExampleTables} (a source with its own reader, such as
     * Fashion-MNIST's IDX files) for {@code workers} parameter-server workers.
     */
    public static Prepared prepare(Source source, TableSpec spec, int workers, Consumer<String> progress) {
        Checked checked = check(source, spec, workers, progress);
        boolean regression = source.labels().isRegression();
        TableShards.Sharded trainShards = TableShards.build(checked.train(), workers, spec.seed(), checked.width(),
                checked.outputs(), regression, "train shards");
        for (int w = 0; w < workers; w++) {
            if (trainShards.sizes()[w] == 0) {
                trainShards.unpersist();
                throw new TableDataException("worker " + w + " of " + workers + " got no training rows ("
                        + checked.profile().usable(false) + " rows are spread by a hash of their ids): use fewer ps.workers");
            }
        }
        // One test shard per worker (some may be empty): the persistent engine's tasks each evaluate their own.
        TableShards.Sharded testShards = TableShards.build(checked.test(), workers, spec.seed(), checked.width(),
                checked.outputs(), regression, "test shards");
        progress.accept(String.format("shards: %d workers, %d to %d training rows each", workers,
                min(trainShards.sizes()), max(trainShards.sizes())));
        source.rows().unpersist(false); // the shards hold what training reads (a no-op unless the source cached)
        Map<String, Object> d = new LinkedHashMap<>(checked.description());
        d.put("shard_rows", trainShards.sizes());
        return new Prepared(trainShards, testShards, checked.width(), checked.outputs(), checked.profile(), d);
    }

    /**
     * Counts the rows in one pass and decides: fails on bad rows under {@code fail}, an empty split or fewer than
     * {@code minTrainRows} usable training rows; infers the classes (classification); fits the scaler when asked.
     */
    public static Checked check(Source source, TableSpec spec, int minTrainRows, Consumer<String> progress) {
        return check(source, spec, minTrainRows, true, progress);
    }

    /**
     * {@link #check} for a set that has training rows only ({@link TableSpec#trainingOnly}): nothing is required of
     * the (empty) test split.
     */
    public static Checked checkTraining(Source source, TableSpec spec, Consumer<String> progress) {
        return check(source, spec, 1, false, progress);
    }

    private static Checked check(Source source, TableSpec spec, int minTrainRows, boolean needsTest,
                                 Consumer<String> progress) {
        Labels labels = source.labels();
        Dataset<Row> rows = limit(limit(source.rows(), false, spec.trainLimit()), true, spec.testLimit());
        if (spec.keep() != null) {
            rows = keepOnly(rows, KeptIds.read(rows.sparkSession(), spec.keep()));
            progress.accept("data.keep: training only on the rows whose ids are in " + spec.keep());
        }
        // Regression rows have no class: one group per split, problem and width.
        Column classOf = labels.isRegression() ? lit(-1)
                : when(col(ExampleTables.PROBLEM).equalTo(RowProblem.NONE.code()),
                        least(col(ExampleTables.LABEL).cast("int"), lit(MAX_INFERRED_CLASSES))).otherwise(lit(-1));
        Column maxLabel = labels.isRegression() ? lit(null).cast("double") : col(ExampleTables.LABEL);
        Dataset<Row> grouped = rows.groupBy(col(ExampleTables.TEST), col(ExampleTables.PROBLEM),
                        col(ExampleTables.WIDTH), classOf.as("class"))
                .agg(count(lit(1)).as("count"), org.apache.spark.sql.functions.max(maxLabel).as("max_label"));
        TableProfile profile = TableProfile.of(grouped.collectAsList());
        int width = profile.width();
        checkRows(rows, spec, labels, profile, minTrainRows, needsTest, width);
        int outputs = labels.isRegression() ? labels.outputs() : classes(spec, labels, profile);
        progress.accept(String.format("rows: %d training, %d test usable; %d features, %d %s%s",
                profile.usable(false), profile.usable(true), width, outputs,
                labels.isRegression() ? "regression target(s)" : "classes", skippedNote(profile)));

        Dataset<Row> usable = rows.filter(col(ExampleTables.PROBLEM).equalTo(RowProblem.NONE.code())
                .and(col(ExampleTables.WIDTH).equalTo(width)));
        Dataset<Row> train = usable.filter(not(col(ExampleTables.TEST)));
        Dataset<Row> test = usable.filter(col(ExampleTables.TEST));
        StandardScalerModel scaler = null;
        if (spec.standardize()) {
            scaler = new StandardScaler().setInputCol(ExampleTables.FEATURES).setOutputCol("scaled")
                    .setWithMean(true).setWithStd(true).fit(train);
            train = scaled(scaler, train);
            test = scaled(scaler, test);
        }
        FeatureNormaliser.Fitted normalisation = null;
        if (source.normaliser() != null) {
            normalisation = source.normaliser().fit(train);
            train = normalisation.apply(train);
            test = normalisation.apply(test);
        }
        Map<String, Object> d = new LinkedHashMap<>(source.description());
        d.put("features", width);
        d.put("task", labels.task().key());
        d.put(labels.isRegression() ? "outputs" : "classes", outputs);
        d.put("train", profile.describe(false));
        d.put("test", profile.describe(true));
        if (!labels.isRegression()) d.put("train_class_counts", profile.classCounts(false));
        d.put("on_bad_rows", spec.onBadRows().name().toLowerCase(java.util.Locale.ROOT));
        d.put("standardize", spec.standardize());
        if (scaler != null) {
            // What the model was trained on: new rows must be scaled the same way before model.zip sees them.
            d.put("scaler", Map.of("mean", scaler.mean().toArray(), "std", scaler.std().toArray()));
        }
        if (normalisation != null) d.put("normalisation", normalisation.describe());
        if (spec.keep() != null) d.put("keep", spec.keep());
        return new Checked(train, test, width, outputs, profile, d);
    }

    /**
     * The classes given (data.classes, or the source's own, such as an image folder's class folders), or inferred as
     * the largest label + 1 (refusing a label column that looks like ids).
     */
    private static int classes(TableSpec spec, Labels labels, TableProfile profile) {
        Integer given = spec.classes() != null ? spec.classes() : labels.classes();
        if (given == null && profile.maxLabel() >= MAX_INFERRED_CLASSES) {
            throw new TableDataException(where(spec, false) + ": the largest label is " + profile.maxLabel()
                    + ", which would make " + (profile.maxLabel() + 1L) + " classes (more than " + MAX_INFERRED_CLASSES
                    + " are not inferred): check that data.labelCol '" + spec.labelCol() + "' holds class indices, or "
                    + "set data.classes");
        }
        int classes = given != null ? given : profile.maxLabel() + 1;
        if (classes < 2) {
            throw new TableDataException(where(spec, false) + ": every usable row has label " + profile.maxLabel()
                    + "; classification needs at least two classes (set data.classes when the data holds fewer)");
        }
        return classes;
    }

    private static Dataset<Row> limit(Dataset<Row> rows, boolean testSplit, Integer limit) {
        if (limit == null) return rows;
        Dataset<Row> split = rows.filter(col(ExampleTables.TEST).equalTo(testSplit));
        Dataset<Row> other = rows.filter(col(ExampleTables.TEST).equalTo(!testSplit));
        return split.orderBy(col(ExampleTables.ID)).limit(limit).unionByName(other);
    }

    /** The training rows whose id is in {@code ids}, and every test row. */
    private static Dataset<Row> keepOnly(Dataset<Row> rows, Dataset<Row> ids) {
        Dataset<Row> train = rows.filter(not(col(ExampleTables.TEST)))
                .join(ids, rows.col(ExampleTables.ID).equalTo(ids.col(KeptIds.ID)), "left_semi");
        return train.unionByName(rows.filter(col(ExampleTables.TEST)));
    }

    private static Dataset<Row> scaled(StandardScalerModel scaler, Dataset<Row> rows) {
        return scaler.transform(rows).drop(ExampleTables.FEATURES).withColumnRenamed("scaled", ExampleTables.FEATURES);
    }

    /** Fails on what cannot be trained: bad rows under {@code fail}, an empty split, fewer rows than workers. */
    private static void checkRows(Dataset<Row> rows, TableSpec spec, Labels l, TableProfile profile, int minTrainRows,
                                  boolean needsTest, int width) {
        if (spec.onBadRows() == TableSpec.OnBadRows.FAIL) {
            for (boolean testSplit : new boolean[] {false, true}) {
                Map<RowProblem, Long> bad = profile.bad(testSplit);
                if (bad.isEmpty()) continue;
                String labels = bad.containsKey(RowProblem.LABEL_NOT_A_CLASS) ? "; labels must be class indices 0.."
                        + "classes - 1 (files that number classes -1/+1 or 1..K, as LIBSVM sets often do, need their "
                        + "labels mapped first)" : "";
                if (bad.containsKey(RowProblem.TARGET_COUNT)) {
                    labels += "; every row needs " + l.outputs() + " target(s)" + (spec.outputs() == null
                            ? " (the first row's count; set data.outputs to choose)" : " (data.outputs)");
                }
                throw new TableDataException(where(spec, testSplit) + " has rows that cannot be trained on: "
                        + describe(bad) + " (features per row: " + width + ")" + labels + examples(rows, testSplit, width)
                        + ". Fix the data, or set data.onBadRows: skip to leave such rows out (they are counted in "
                        + "the log and manifest.json)");
            }
        }
        if (profile.usable(false) == 0) {
            String kept = spec.keep() == null ? "" : " among the ids of data.keep " + spec.keep()
                    + " (they must be ids of this table: a prune stage run on the same data)";
            throw new TableDataException(where(spec, false) + " has no usable training rows" + kept + " ("
                    + profile.total(false) + " rows" + (profile.bad(false).isEmpty() ? "" : "; "
                    + describe(profile.bad(false))) + ")");
        }
        if (profile.usable(false) < minTrainRows) {
            throw new TableDataException(where(spec, false) + " has " + profile.usable(false) + " usable training rows,"
                    + " fewer than the " + minTrainRows + " workers (ps.workers): each worker needs rows of its own");
        }
        if (needsTest && profile.usable(true) == 0) {
            String why = spec.test() != null || spec.validationFraction() == 0 ? ""
                    : " (data.validationFraction " + spec.validationFraction() + " of " + profile.usable(false)
                      + " rows held out none: raise it or give data.test)";
            throw new TableDataException(where(spec, true) + " has no usable test rows" + why);
        }
    }

    private static String where(TableSpec spec, boolean testSplit) {
        if (!testSplit) return "training table " + spec.train();
        return spec.test() != null ? "test table " + spec.test() : "the held-out part of " + spec.train();
    }

    private static String describe(Map<RowProblem, Long> bad) {
        List<String> parts = new ArrayList<>();
        bad.forEach((p, n) -> parts.add(n + " where " + p.description() + " (" + p.key() + ")"));
        return String.join(", ", parts);
    }

    private static String examples(Dataset<Row> rows, boolean testSplit, int width) {
        List<Row> shown = rows.filter(col(ExampleTables.TEST).equalTo(testSplit)
                        .and(col(ExampleTables.PROBLEM).notEqual(RowProblem.NONE.code())
                                .or(col(ExampleTables.WIDTH).notEqual(width))))
                .select(ExampleTables.FILE, ExampleTables.ID, ExampleTables.PROBLEM, ExampleTables.WIDTH,
                        ExampleTables.LABEL)
                .limit(EXAMPLES_SHOWN).collectAsList();
        StringBuilder b = new StringBuilder("; for example");
        for (Row r : shown) {
            RowProblem p = RowProblem.ofCode(r.getInt(2));
            String why = p == RowProblem.NONE ? r.getInt(3) + " features" : p.key() + ", label " + r.get(4);
            b.append(" [").append(r.getString(0)).append(" id ").append(r.get(1)).append(": ").append(why).append(']');
        }
        return b.toString();
    }

    private static String skippedNote(TableProfile profile) {
        List<String> parts = new ArrayList<>();
        for (boolean t : new boolean[] {false, true}) {
            if (!profile.bad(t).isEmpty()) parts.add((t ? "test: " : "training: ") + describe(profile.bad(t)));
        }
        return parts.isEmpty() ? "" : "; skipped " + String.join("; ", parts);
    }

    private static String describeFeatures(TableColumns c) {
        return switch (c.kind()) {
            case VECTOR -> "features from vector column '" + c.features().get(0) + "'";
            case ARRAY -> "features from array column '" + c.features().get(0) + "'";
            case COLUMNS -> c.features().size() + " feature columns (" + String.join(", ",
                    c.features().subList(0, Math.min(5, c.features().size()))) + (c.features().size() > 5 ? ", ..." : "") + ")";
        };
    }

    private static Map<String, Object> describeSource(TableSpec spec, TableColumns c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", "table");
        d.put("format", spec.format());
        d.put("train_path", spec.train());
        d.put("test_path", spec.test());
        if (spec.test() == null) d.put("validation_fraction", spec.validationFraction());
        d.put("label_column", c.label());
        d.put("feature_columns", c.features());
        d.put("id_column", c.id());
        return d;
    }

    private static int min(int[] a) {
        return java.util.Arrays.stream(a).min().orElse(0);
    }

    private static int max(int[] a) {
        return java.util.Arrays.stream(a).max().orElse(0);
    }
}
