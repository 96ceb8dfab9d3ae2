package org.sparkharness.data.table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns of a table hold the label, the features and the ids, resolved against its schema on the driver
 * (nothing but the schema is read). Pure.
 *
 * @param label    the label column
 * @param labelKind how the label is stored: a number, or (regression only) an array or vector of targets
 * @param kind     how the features are stored
 * @param features the feature column ({@link Kind#VECTOR}, {@link Kind#ARRAY}) or columns ({@link Kind#COLUMNS})
 * @param id       the id column, or null when ids are derived from the row's values
 * @param stringId whether the id column holds strings (hashed to 63-bit ids)
 */
public record TableColumns(String label, LabelKind labelKind, Kind kind, List<String> features, String id,
                           boolean stringId) implements Serializable {

    /** How the features are stored. */
    public enum Kind { VECTOR, ARRAY, COLUMNS }

    /** How the label is stored. */
    public enum LabelKind { NUMBER, ARRAY, VECTOR }

    public TableColumns {
        features = List.copyOf(features);
    }

    /** A table whose label is one number. */
    public TableColumns(String label, Kind kind, List<String> features, String id, boolean stringId) {
        this(label, LabelKind.NUMBER, kind, features, id, stringId);
    }

    /**
     * Resolves {@code spec}'s columns in {@code schema}.
     *
     * @param where names the table in messages ("the training table hdfs:///t.parquet")
     * @throws TableDataException naming the column, its type and what was expected
     */
    public static TableColumns resolve(StructType schema, TableSpec spec, String where) {
        return resolve(schema, spec, null, where);
    }

    /** {@link #resolve(StructType, TableSpec, String)}, leaving {@code groupCol} (federated clients) out of the features. */
    public static TableColumns resolve(StructType schema, TableSpec spec, String groupCol, String where) {
        String label = spec.labelCol();
        LabelKind labelKind = labelKind(schema, spec, where);
        String id = null;
        boolean stringId = false;
        if (spec.idCol() != null) {
            StructField f = field(schema, spec.idCol(), "data.idCol", where);
            stringId = f.dataType() instanceof StringType;
            if (!stringId && !isIntegral(f.dataType())) {
                throw new TableDataException(where + ": id column '" + f.name() + "' is " + f.dataType().simpleString()
                        + "; data.idCol must name a whole-number or string column");
            }
            id = f.name();
        }
        if (spec.featureCols() != null) {
            List<String> cols = new ArrayList<>();
            for (String c : spec.featureCols()) cols.add(requireNumeric(schema, spec, c, "data.featureCols", where));
            return new TableColumns(label, labelKind, Kind.COLUMNS, cols, id, stringId);
        }
        if (Arrays.asList(schema.fieldNames()).contains(spec.featuresCol())) {
            StructField f = schema.apply(spec.featuresCol());
            DataType t = f.dataType();
            if (t instanceof VectorUDT) return new TableColumns(label, labelKind, Kind.VECTOR, List.of(f.name()), id, stringId);
            if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
                return new TableColumns(label, labelKind, Kind.ARRAY, List.of(f.name()), id, stringId);
            }
            throw new TableDataException(where + ": features column '" + f.name() + "' is " + t.simpleString()
                    + "; expected a Spark ML vector or an array of numbers (or list numeric columns in data.featureCols)");
        }
        List<String> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (f.name().equals(label) || f.name().equals(id) || f.name().equals(groupCol)) continue;
            if (!(f.dataType() instanceof NumericType)) {
                throw new TableDataException(where + ": column '" + f.name() + "' is " + f.dataType().simpleString()
                        + ", not a number, and there is no '" + spec.featuresCol() + "' column, so every column but "
                        + "the label, id and client column would be a feature" + csvHint(spec, f.dataType())
                        + "; list the feature columns in data.featureCols");
            }
            cols.add(f.name());
        }
        if (cols.isEmpty()) {
            throw new TableDataException(where + ": no feature columns: the table has only " + schema.simpleString());
        }
        return new TableColumns(label, labelKind, Kind.COLUMNS, cols, id, stringId);
    }

    /** A number for classification; for regression also several targets in an array or vector column. */
    private static LabelKind labelKind(StructType schema, TableSpec spec, String where) {
        StructField f = field(schema, spec.labelCol(), "data.labelCol", where);
        DataType t = f.dataType();
        if (t instanceof NumericType) return LabelKind.NUMBER;
        if (spec.isRegression()) {
            if (t instanceof VectorUDT) return LabelKind.VECTOR;
            if (t instanceof ArrayType a && a.elementType() instanceof NumericType) return LabelKind.ARRAY;
        }
        String expected = spec.isRegression() ? "a number, an array of numbers or a Spark ML vector (the regression "
                + "targets)" : "a number (the class index; task: classification)";
        throw new TableDataException(where + ": column '" + f.name() + "' (data.labelCol) is " + t.simpleString()
                + "; expected " + expected + csvHint(spec, t));
    }

    private static StructField field(StructType schema, String name, String setting, String where) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new TableDataException(where + ": no column '" + name + "' (" + setting + "); the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(name);
    }

    private static String requireNumeric(StructType schema, TableSpec spec, String name, String setting, String where) {
        StructField f = field(schema, name, setting, where);
        if (!(f.dataType() instanceof NumericType)) {
            throw new TableDataException(where + ": column '" + name + "' (" + setting + ") is "
                    + f.dataType().simpleString() + "; expected a number" + csvHint(spec, f.dataType()));
        }
        return f.name();
    }

    private static boolean isIntegral(DataType t) {
        return t instanceof org.apache.spark.sql.types.IntegralType;
    }

    private static String csvHint(TableSpec spec, DataType t) {
        return "csv".equals(spec.format()) && t instanceof StringType
                ? " (csv columns are text unless data.options has inferSchema: true, and one value that is not a number"
                  + " keeps a column text)"
                : "";
    }

    /** Every column the features, label and id come from (a derived id hashes exactly these). */
    public List<String> sourceColumns() {
        List<String> all = new ArrayList<>(features);
        all.add(label);
        if (id != null) all.add(id);
        return all;
    }
}
