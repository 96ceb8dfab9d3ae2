package org.sparkharness.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sparkharness.executors.model.Task;
import org.sparkharness.executors.worker.WorkerShard;

/** The pure parts of table reading: row checks, column resolution, counting, worker choice and shard assembly. */
class TablePartsTest {
    private static TableSpec spec(String format, List<String> featureCols, String idCol) {
        return spec(format, featureCols, idCol, Task.CLASSIFICATION);
    }

    private static TableSpec spec(String format, List<String> featureCols, String idCol, Task task) {
        return new TableSpec(format, "t", null, 0.1, "label", "features", featureCols, idCol, Map.of(), false, null,
                task, null, TableSpec.OnBadRows.FAIL, null, null, null, 1);
    }

    @Test
    void aRowsFirstProblemIsFound() {
        var ok = Vectors.dense(1, 2);
        assertEquals(RowProblem.NONE, RowProblem.of(ok, 1.0, null));
        assertEquals(RowProblem.MISSING_LABEL, RowProblem.of(ok, null, 3));
        assertEquals(RowProblem.LABEL_NOT_A_CLASS, RowProblem.of(ok, -1.0, null));
        assertEquals(RowProblem.LABEL_NOT_A_CLASS, RowProblem.of(ok, 0.5, null));
        assertEquals(RowProblem.LABEL_NOT_A_CLASS, RowProblem.of(ok, Double.NaN, null));
        assertEquals(RowProblem.LABEL_NOT_A_CLASS, RowProblem.of(ok, 3.0, 3));
        assertEquals(RowProblem.NONE, RowProblem.of(ok, 2.0, 3));
        assertEquals(RowProblem.MISSING_FEATURES, RowProblem.of(null, 1.0, null));
        assertEquals(RowProblem.NON_FINITE_FEATURE, RowProblem.of(Vectors.dense(1, Double.NaN), 1.0, null));
        assertEquals(RowProblem.NON_FINITE_FEATURE,
                RowProblem.of(Vectors.sparse(5, new int[] {3}, new double[] {Double.NEGATIVE_INFINITY}), 1.0, null));
        assertEquals(RowProblem.NONE, RowProblem.of(Vectors.sparse(5, new int[] {3}, new double[] {4}), 1.0, null));
    }

    @Test
    void aRegressionRowNeedsItsCountOfFiniteTargets() {
        var ok = Vectors.dense(1, 2);
        assertEquals(RowProblem.NONE, RowProblem.ofTargets(ok, Vectors.dense(0.5, -3), 2));
        assertEquals(RowProblem.MISSING_LABEL, RowProblem.ofTargets(ok, null, 2));
        assertEquals(RowProblem.TARGET_COUNT, RowProblem.ofTargets(ok, Vectors.dense(0.5), 2));
        assertEquals(RowProblem.NON_FINITE_TARGET, RowProblem.ofTargets(ok, Vectors.dense(0.5, Double.NaN), 2));
        assertEquals(RowProblem.NON_FINITE_FEATURE,
                RowProblem.ofTargets(Vectors.dense(Double.POSITIVE_INFINITY, 1), Vectors.dense(0.5, 1), 2));
        assertEquals(RowProblem.NONE, RowProblem.ofTargets(ok, Vectors.dense(7.25), 1), "any real number is a target");
    }

    @Test
    void regressionLabelsMayBeNumbersArraysOrVectorsButClassesOnlyNumbers() {
        StructType t = new StructType().add("label", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("features", SQLDataTypes.VectorType());
        assertEquals(TableColumns.LabelKind.ARRAY,
                TableColumns.resolve(t, spec("parquet", null, null, Task.REGRESSION), "t").labelKind());
        StructType v = new StructType().add("label", SQLDataTypes.VectorType()).add("features", SQLDataTypes.VectorType());
        assertEquals(TableColumns.LabelKind.VECTOR,
                TableColumns.resolve(v, spec("parquet", null, null, Task.REGRESSION), "t").labelKind());
        String text = assertThrows(TableDataException.class,
                () -> TableColumns.resolve(t, spec("parquet", null, null), "t")).getMessage();
        assertTrue(text.contains("column 'label' (data.labelCol) is array<double>") && text.contains("class index"), text);
    }

    @Test
    void aRegressionShardHoldsItsTargetsAsTheyAre() {
        WorkerShard s = TableShards.regressionShard(1, new long[] {3, 4}, new float[][] {{1, 2}, {3, 4}},
                new float[][] {{0.5f, -1f, 2f}, {7f, 8f, 9f}}, 2, 3);
        assertArrayEquals(new long[] {2, 3}, s.labels().shape());
        assertArrayEquals(new float[] {0.5f, -1f, 2f, 7f, 8f, 9f}, s.labels().data().asFloat());
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.features().data().asFloat());
    }

    @Test
    void featuresComeFromAVectorAnArrayNamedColumnsOrEveryOtherColumn() {
        StructType vector = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType)
                .add("features", SQLDataTypes.VectorType());
        TableColumns v = TableColumns.resolve(vector, spec("parquet", null, "id"), "t");
        assertEquals(TableColumns.Kind.VECTOR, v.kind());
        assertEquals("id", v.id());

        StructType array = new StructType().add("label", DataTypes.DoubleType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType));
        assertEquals(TableColumns.Kind.ARRAY, TableColumns.resolve(array, spec("json", null, null), "t").kind());

        StructType wide = new StructType().add("a", DataTypes.DoubleType).add("user", DataTypes.StringType)
                .add("b", DataTypes.IntegerType).add("label", DataTypes.IntegerType).add("id", DataTypes.LongType);
        TableColumns named = TableColumns.resolve(wide, spec("csv", List.of("b", "a"), null), "t");
        assertEquals(List.of("b", "a"), named.features());
        TableColumns others = TableColumns.resolve(wide, spec("csv", null, "id"), "user", "t");
        assertEquals(List.of("a", "b"), others.features(), "label, id and the client column are not features");
        assertEquals(List.of("a", "b", "label", "id"), others.sourceColumns());
    }

    @Test
    void columnProblemsNameTheColumnAndWhatWasExpected() {
        StructType t = new StructType().add("x", DataTypes.StringType).add("label", DataTypes.IntegerType)
                .add("id", DataTypes.DoubleType);
        String text = assertThrows(TableDataException.class,
                () -> TableColumns.resolve(t, spec("csv", null, null), "training table t.csv")).getMessage();
        assertTrue(text.startsWith("training table t.csv: column 'x' is string") && text.contains("inferSchema"), text);
        String missing = assertThrows(TableDataException.class,
                () -> TableColumns.resolve(t, spec("csv", List.of("y"), null), "t")).getMessage();
        assertTrue(missing.contains("no column 'y' (data.featureCols)") && missing.contains("x, label, id"), missing);
        String id = assertThrows(TableDataException.class,
                () -> TableColumns.resolve(t, spec("csv", List.of("label"), "id"), "t")).getMessage();
        assertTrue(id.contains("id column 'id' is double"), id);
        StructType badFeatures = new StructType().add("label", DataTypes.IntegerType).add("features", DataTypes.StringType);
        String f = assertThrows(TableDataException.class,
                () -> TableColumns.resolve(badFeatures, spec("json", null, null), "t")).getMessage();
        assertTrue(f.contains("features column 'features' is string"), f);
    }

    private static Row group(boolean test, RowProblem p, int width, int label, long n) {
        return RowFactory.create(test, p.code(), width, label, n);
    }

    @Test
    void theProfileTakesTheCommonWidthAndCountsTheRestAsRagged() {
        TableProfile p = TableProfile.of(List.of(
                group(false, RowProblem.NONE, 8, 0, 50), group(false, RowProblem.NONE, 8, 2, 40),
                group(false, RowProblem.NONE, 7, 1, 3), group(false, RowProblem.NON_FINITE_FEATURE, 8, -1, 2),
                group(true, RowProblem.NONE, 8, 1, 20), group(true, RowProblem.MISSING_LABEL, 8, -1, 1)));
        assertEquals(8, p.width());
        assertEquals(90, p.usable(false));
        assertEquals(95, p.total(false));
        assertEquals(Map.of(RowProblem.NON_FINITE_FEATURE, 2L, RowProblem.RAGGED, 3L), p.bad(false));
        assertEquals(Map.of(RowProblem.MISSING_LABEL, 1L), p.bad(true));
        assertEquals(2, p.maxLabel(), "the ragged rows' label 1 does not count; class 2 does");
        assertEquals(Map.of(0, 50L, 2, 40L), p.classCounts(false));
    }

    @Test
    void workersAreChosenBySeedAndIdAlone() {
        int[] counts = new int[4];
        for (long id = 0; id < 20_000; id++) counts[TableShards.worker(7, id, 4)]++;
        for (int c : counts) assertTrue(Math.abs(c - 5000) < 300, "worker sizes " + java.util.Arrays.toString(counts));
        assertEquals(TableShards.worker(7, 123, 4), TableShards.worker(7, 123, 4));
        int differ = 0;
        for (long id = 0; id < 1000; id++) if (TableShards.worker(7, id, 4) != TableShards.worker(8, id, 4)) differ++;
        assertTrue(differ > 600, "another seed deals the rows anew: " + differ + " of 1000 moved");
    }

    @Test
    void aShardHoldsItsRowsOneHotLabelsAndIdsInOrder() {
        WorkerShard s = TableShards.shard(2, new long[] {5, 9}, new float[][] {{1, 2, 3}, {4, 5, 6}}, new int[] {1, 0}, 3, 2);
        assertEquals(2, s.index());
        assertArrayEquals(new long[] {5, 9}, s.ids());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s.features().data().asFloat());
        assertArrayEquals(new float[] {0, 1, 1, 0}, s.labels().data().asFloat());
        WorkerShard empty = TableShards.shard(0, new long[0], new float[0][], new int[0], 3, 2);
        assertEquals(0, empty.size());
        assertArrayEquals(new float[] {0, 0, 0, 0, 7},
                TableShards.toFloats(Vectors.sparse(5, new int[] {4}, new double[] {7}), 5));
    }
}
