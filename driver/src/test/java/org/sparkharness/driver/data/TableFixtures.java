package org.sparkharness.driver.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * Writes the small training tables of {@code testdata/tables} (run by {@code testdata/tables/generate}): the same
 * seeded 3-class Gaussian blobs in 8 dimensions, 600 training and 150 test rows, in every format the harness reads,
 * each as a folder of one part file the way Spark writes tables.
 *
 * <p>Class centres are drawn N(0, 0.6²) per dimension and rows add N(0, 1), so the classes overlap: a linear model
 * reaches about 90 %, not 100 %, and an accuracy comparison between two trainers means something. Values are rounded to
 * four decimals so that text formats hold them exactly.
 */
public final class TableFixtures {
    public static final int FEATURES = 8;
    public static final int CLASSES = 3;
    public static final int TRAIN_ROWS = 600;
    public static final int TEST_ROWS = 150;
    /** Test ids start here, so training and test ids never meet. */
    public static final long TEST_FIRST_ID = 100_000;
    public static final List<String> FORMATS = List.of("parquet", "csv", "libsvm", "orc", "json");
    /** Distinct values of the Parquet fixture's {@code user} column. */
    public static final int WRITERS = 12;

    private TableFixtures() {}

    /** One generated row. */
    public record Blob(long id, int label, double[] x) {}

    /** The training ({@code test = false}) or test rows, the same on every call. */
    public static List<Blob> blobs(boolean test) {
        SplittableRandom centres = new SplittableRandom(13);
        double[][] centre = new double[CLASSES][FEATURES];
        for (double[] c : centre) for (int j = 0; j < FEATURES; j++) c[j] = 0.6 * gaussian(centres);
        SplittableRandom rng = new SplittableRandom(test ? 29 : 17);
        int n = test ? TEST_ROWS : TRAIN_ROWS;
        List<Blob> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(CLASSES);
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) x[j] = Math.round((centre[label][j] + gaussian(rng)) * 1e4) / 1e4;
            out.add(new Blob((test ? TEST_FIRST_ID : 0) + i, label, x));
        }
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** The rows as the format stores them: a vector, an array, or one column per feature. */
    public static Dataset<Row> frame(SparkSession spark, List<Blob> blobs, String format) {
        List<Row> rows = new ArrayList<>();
        StructType schema;
        switch (format) {
            case "parquet", "libsvm" -> {
                schema = new StructType().add("id", DataTypes.LongType).add("label", format.equals("libsvm")
                        ? DataTypes.DoubleType : DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
                for (Blob b : blobs) {
                    Object label = format.equals("libsvm") ? (Object) (double) b.label() : b.label();
                    rows.add(RowFactory.create(b.id(), label, Vectors.dense(b.x())));
                }
            }
            case "orc" -> {
                schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType)
                        .add("features", DataTypes.createArrayType(DataTypes.FloatType));
                for (Blob b : blobs) {
                    float[] x = new float[FEATURES];
                    for (int j = 0; j < FEATURES; j++) x[j] = (float) b.x()[j];
                    rows.add(RowFactory.create(b.id(), b.label(), x));
                }
            }
            case "json" -> {
                schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType)
                        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
                for (Blob b : blobs) rows.add(RowFactory.create(b.id(), b.label(), b.x()));
            }
            case "csv" -> {
                schema = new StructType();
                for (int j = 0; j < FEATURES; j++) schema = schema.add("f" + j, DataTypes.DoubleType);
                schema = schema.add("label", DataTypes.IntegerType);
                for (Blob b : blobs) {
                    Object[] v = new Object[FEATURES + 1];
                    for (int j = 0; j < FEATURES; j++) v[j] = b.x()[j];
                    v[FEATURES] = b.label();
                    rows.add(RowFactory.create(v));
                }
            }
            default -> throw new IllegalArgumentException("format " + format);
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        if (format.equals("parquet")) {
            // A writer per row for federated runs with natural clients: 12 writers (5 is prime to 12).
            df = df.selectExpr("*", "concat('w', cast((id * 5) % " + WRITERS + " as string)) as user");
        }
        return format.equals("libsvm") ? df.drop("id") : df;
    }

    /** Features and targets of the regression fixture {@code linear-*}. */
    public static final int LINEAR_FEATURES = 6;
    public static final int LINEAR_TARGETS = 2;
    public static final int LINEAR_TRAIN_ROWS = 800;
    public static final int LINEAR_TEST_ROWS = 200;
    /** Standard deviation of the Gaussian noise on every target. */
    public static final double LINEAR_NOISE = 0.1;

    /** One regression row: features and targets y = A·x + c + noise. */
    public record Linear(long id, double[] x, double[] y) {}

    /**
     * The regression fixture's training or test rows, the same on every call: a fixed linear map to two targets of
     * different scale (the second's weights doubled), plus Gaussian noise σ = {@link #LINEAR_NOISE}.
     */
    public static List<Linear> linear(boolean test) {
        SplittableRandom weights = new SplittableRandom(11);
        double[][] a = new double[LINEAR_TARGETS][LINEAR_FEATURES];
        for (double[] row : a) for (int j = 0; j < LINEAR_FEATURES; j++) row[j] = weights.nextDouble(-1, 1);
        double[] c = {0.5, -2.0};
        long first = test ? TEST_FIRST_ID : 0;
        SplittableRandom rng = new SplittableRandom(first + 3);
        List<Linear> out = new ArrayList<>();
        for (int i = 0; i < (test ? LINEAR_TEST_ROWS : LINEAR_TRAIN_ROWS); i++) {
            double[] x = new double[LINEAR_FEATURES];
            for (int j = 0; j < LINEAR_FEATURES; j++) x[j] = Math.round(gaussian(rng) * 1e6) / 1e6;
            double[] y = new double[LINEAR_TARGETS];
            for (int t = 0; t < LINEAR_TARGETS; t++) {
                y[t] = c[t] + LINEAR_NOISE * gaussian(rng);
                for (int j = 0; j < LINEAR_FEATURES; j++) y[t] += (t + 1) * a[t][j] * x[j];
            }
            out.add(new Linear(first + i, x, y));
        }
        return out;
    }

    /** Regression rows as Parquet stores them: {@code id}, {@code features} and {@code label} (the targets) as arrays. */
    public static Dataset<Row> linearFrame(SparkSession spark, List<Linear> rows) {
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
        List<Row> out = new ArrayList<>();
        for (Linear r : rows) out.add(RowFactory.create(r.id(), r.x(), r.y()));
        return spark.createDataFrame(out, schema);
    }

    /** Writes {@code df} as one part file in {@code dir} and removes Hadoop's checksum side files. */
    public static void write(Dataset<Row> df, String format, Path dir) throws IOException {
        df.coalesce(1).write().mode(SaveMode.Overwrite).format(format).options(
                format.equals("csv") ? Map.of("header", "true") : Map.of()).save(dir.toString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) Files.delete(f);
        }
    }

    /** Options a reader needs for the fixture of {@code format}. */
    public static Map<String, String> readOptions(String format) {
        return switch (format) {
            case "csv" -> Map.of("header", "true", "inferSchema", "true");
            case "libsvm" -> Map.of("numFeatures", Integer.toString(FEATURES));
            default -> Map.of();
        };
    }

    /**
     * Usage: {@code TableFixtures OUT_DIR}: writes {@code blobs-<format>} and {@code blobs-test-<format>} folders, and
     * the regression fixture {@code linear-parquet} and {@code linear-test-parquet}.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        try (SparkSession spark = SparkSession.builder()
                .config(SparkSetup.conf("table-fixtures", "local[2]", Map.of("spark.ui.enabled", "false"))).getOrCreate()) {
            for (String format : FORMATS) {
                write(frame(spark, blobs(false), format), format, out.resolve("blobs-" + format));
                write(frame(spark, blobs(true), format), format, out.resolve("blobs-test-" + format));
                System.out.println("wrote " + out.resolve("blobs-" + format) + " and blobs-test-" + format);
            }
            write(linearFrame(spark, linear(false)), "parquet", out.resolve("linear-parquet"));
            write(linearFrame(spark, linear(true)), "parquet", out.resolve("linear-test-parquet"));
            System.out.println("wrote " + out.resolve("linear-parquet") + " and linear-test-parquet");
        }
    }
}
