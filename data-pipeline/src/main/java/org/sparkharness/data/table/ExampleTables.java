package org.sparkharness.data.table;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a table with Spark's DataFrameReader and brings it to one shape, lazily (the rows are read by the executors
 * when a job runs): {@code id} long, {@code features} Spark ML vector, {@code label} double (a class index) or, for
 * regression, a Spark ML vector of the targets, {@code test} boolean,
 * {@code problem} ({@link RowProblem} code), {@code width} (features per row), {@code file} (where the row came from).
 */
public final class ExampleTables {
    public static final String ID = "id";
    public static final String FEATURES = "features";
    public static final String LABEL = "label";
    public static final String TEST = "test";
    public static final String PROBLEM = "problem";
    public static final String WIDTH = "width";
    public static final String FILE = "file";
    /** Federated clients by column: the column's value as a string (only when a group column is asked for). */
    public static final String GROUP = "group";

    /** The range the held-out share is drawn on: a row is held out when its hash falls below fraction · this. */
    private static final long SPLIT_BUCKETS = 1L << 30;

    private ExampleTables() {}

    /**
     * The table at {@code path}; only its schema is read here (Spark lists the files and, for csv with inferSchema or
     * json, samples them).
     *
     * @throws TableDataException when the path does not exist or the format cannot read it
     */
    public static Dataset<Row> read(SparkSession spark, String format, Map<String, String> options, String path) {
        try {
            return spark.read().format(format).options(options).load(path);
        } catch (Exception e) {
            if (e instanceof AnalysisException || e instanceof IllegalArgumentException) {
                throw new TableDataException("cannot read " + path + " as " + format + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** {@code raw} in the common shape, every row marked {@code test} as given. */
    public static Dataset<Row> normalise(Dataset<Row> raw, TableColumns c, Labels labels, boolean test) {
        return normalise(raw, c, labels, lit(test), null);
    }

    /**
     * {@code raw} in the common shape, every row marked {@code test} as given, with column {@code groupCol}'s value
     * as a string in {@link #GROUP} (null: no group column).
     */
    public static Dataset<Row> normalise(Dataset<Row> raw, TableColumns c, Labels labels, boolean test,
                                         String groupCol) {
        return normalise(raw, c, labels, lit(test), groupCol);
    }

    /** {@code raw} in the common shape, a seeded {@code fraction} of its rows (by id) marked {@code test}. */
    public static Dataset<Row> normaliseHoldingOut(Dataset<Row> raw, TableColumns c, Labels labels, double fraction,
                                                   long seed, String groupCol) {
        return normalise(raw, c, labels, heldOut(fraction, seed), groupCol);
    }

    /**
     * Whether a row is held out as a test row: a seeded hash of its {@link #ID} below {@code fraction} (the same rule
     * for every source, so the split depends on the ids and the seed only).
     */
    public static Column heldOut(double fraction, long seed) {
        return pmod(xxhash64(col(ID), lit(seed)), lit(SPLIT_BUCKETS))
                .lt(lit((long) Math.floor(fraction * SPLIT_BUCKETS)));
    }

    private static Dataset<Row> normalise(Dataset<Row> raw, TableColumns c, Labels labels, Column test,
                                          String groupCol) {
        List<Column> columns = new java.util.ArrayList<>(List.of(
                id(c).as(ID),
                features(c).as(FEATURES),
                label(c, labels).as(LABEL),
                input_file_name().as(FILE)));
        if (groupCol != null) columns.add(col(groupCol).cast("string").as(GROUP));
        Dataset<Row> shaped = raw.select(columns.toArray(Column[]::new));
        Integer classes = labels.classes();
        int outputs = labels.outputs();
        UserDefinedFunction problem = labels.isRegression()
                ? functions.udf((UDF2<Vector, Vector, Integer>) (x, y) -> RowProblem.ofTargets(x, y, outputs).code(),
                        DataTypes.IntegerType)
                : functions.udf((UDF2<Vector, Double, Integer>) (x, y) -> RowProblem.of(x, y, classes).code(),
                        DataTypes.IntegerType);
        UserDefinedFunction width = functions.udf(
                (UDF1<Vector, Integer>) x -> x == null ? -1 : x.size(), DataTypes.IntegerType);
        return shaped
                .withColumn(TEST, test)
                .withColumn(PROBLEM, when(col(ID).isNull(), lit(RowProblem.MISSING_ID.code()))
                        .when(groupCol == null ? lit(false) : col(GROUP).isNull(), lit(RowProblem.MISSING_CLIENT.code()))
                        .otherwise(problem.apply(col(FEATURES), col(LABEL))))
                .withColumn(WIDTH, width.apply(col(FEATURES)));
    }

    /**
     * The example id: the id column (strings hashed; null stays null and the row is refused), or a 63-bit hash of
     * the row's values, so it does not depend on how the files are split into partitions. Identical rows then share an
     * id.
     */
    private static Column id(TableColumns c) {
        if (c.id() != null && !c.stringId()) return col(c.id()).cast("long");
        Column[] hashed = c.id() != null ? new Column[] {col(c.id())}
                : c.sourceColumns().stream().map(name -> hashable(c, name)).toArray(Column[]::new);
        Column hash = xxhash64(hashed).bitwiseAND(lit(Long.MAX_VALUE));
        return c.id() != null ? when(col(c.id()).isNotNull(), hash) : hash;
    }

    /** Vectors are hashed through their values: hashing the vector type itself depends on dense or sparse storage. */
    private static Column hashable(TableColumns c, String name) {
        boolean vector = c.kind() == TableColumns.Kind.VECTOR && c.features().get(0).equals(name)
                || c.labelKind() == TableColumns.LabelKind.VECTOR && c.label().equals(name);
        return vector ? org.apache.spark.ml.functions.vector_to_array(col(name), "float64") : col(name);
    }

    /** A class index as a double, or the regression targets as a vector (a missing target becomes NaN). */
    private static Column label(TableColumns c, Labels labels) {
        if (!labels.isRegression()) return col(c.label()).cast("double");
        return switch (c.labelKind()) {
            case NUMBER -> when(col(c.label()).isNotNull(), org.apache.spark.ml.functions.array_to_vector(
                    array(col(c.label()).cast("double"))));
            case VECTOR -> col(c.label());
            case ARRAY -> numbers(c.label());
        };
    }

    /**
     * A numeric array column as a vector: a missing element becomes NaN (refused as non-finite), a missing array
     * stays null (refused as missing).
     */
    private static Column numbers(String column) {
        return when(col(column).isNotNull(), org.apache.spark.ml.functions.array_to_vector(
                expr("transform(`" + column + "`, x -> coalesce(cast(x as double), double('NaN')))")));
    }

    private static Column features(TableColumns c) {
        return switch (c.kind()) {
            case VECTOR -> col(c.features().get(0));
            case ARRAY -> numbers(c.features().get(0));
            case COLUMNS -> org.apache.spark.ml.functions.array_to_vector(array(c.features().stream()
                    .map(f -> coalesce(col(f).cast("double"), lit(Double.NaN))).toArray(Column[]::new)));
        };
    }
}
