package org.sparkharness.data.fashion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.sparkharness.data.dataset.DatasetFingerprint;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.TableColumns;

/**
 * Fashion-MNIST as training rows in the common table shape, read by the executors: one Spark task per split reads
 * its two IDX files with {@link FashionMnist#load} (checksums and structure checked there) and emits
 * {@code (id, features, label)} rows, ids being the index in the file. The rows keep their lineage to the files, so
 * a lost shard is rebuilt by reading them again.
 */
public final class FashionMnistTable {
    /** The IDX rows' columns: an id, 784 pixels in [0, 1] as an array, the class. */
    public static final StructType SCHEMA = new StructType()
            .add(ExampleTables.ID, DataTypes.LongType, false)
            .add(ExampleTables.FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(ExampleTables.LABEL, DataTypes.IntegerType, false);
    /** How {@link org.sparkharness.data.table.TrainingTable} finds the columns of {@link #SCHEMA}. */
    public static final TableColumns COLUMNS = new TableColumns(ExampleTables.LABEL, TableColumns.Kind.ARRAY,
            List.of(ExampleTables.FEATURES), ExampleTables.ID, false);

    /** Ten classes. */
    public static final org.sparkharness.data.table.Labels LABELS =
            org.sparkharness.data.table.Labels.classes(FashionMnist.NUM_CLASSES);

    private FashionMnistTable() {}

    /** Both splits of {@code dirUri} in the common shape ({@link ExampleTables}), test rows marked. */
    public static Dataset<Row> rows(SparkSession spark, String dirUri) {
        // Both splits number their ids from 0: the test flag, not the id, tells them apart.
        return ExampleTables.normalise(split(spark, dirUri, Split.TRAIN), COLUMNS, LABELS, false)
                .unionByName(ExampleTables.normalise(split(spark, dirUri, Split.TEST), COLUMNS, LABELS, true));
    }

    /**
     * What the manifest says of the data: the directory's files hashed and classified by {@link FashionMnist#verify}
     * inside a task, so the driver never reads them.
     */
    public static Map<String, Object> fingerprint(JavaSparkContext jsc, String dirUri) {
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        return jsc.parallelize(List.of(dirUri), 1).map(d -> {
            DatasetFingerprint f = FashionMnist.verify(d, conf.value());
            HashMap<String, Object> fp = new LinkedHashMap<>();
            fp.put("dataset", f.dataset());
            fp.put("dir", f.dir());
            fp.put("kind", f.kind());
            fp.put("description", f.description());
            fp.put("sha256", new LinkedHashMap<>(f.sha256()));
            return fp;
        }).first();
    }

    /** One split's raw rows ({@link #SCHEMA}), read inside a single task. */
    public static Dataset<Row> split(SparkSession spark, String dirUri, Split split) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        JavaRDD<Row> rows = jsc.parallelize(List.of(split), 1).flatMap(s -> {
            LabeledImages images = FashionMnist.load(dirUri, s, conf.value());
            float[] pixels = images.features().data().asFloat();
            int n = images.size();
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] x = new float[FashionMnist.PIXELS];
                System.arraycopy(pixels, i * FashionMnist.PIXELS, x, 0, FashionMnist.PIXELS);
                out.add(RowFactory.create(images.id(i), x, images.label(i)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, SCHEMA);
    }
}
