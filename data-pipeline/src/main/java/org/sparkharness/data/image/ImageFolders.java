package org.sparkharness.data.image;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.Labels;
import org.sparkharness.data.table.RowProblem;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.data.table.TrainingTable;

/**
 * Image folders ({@code data.format: image}) as training rows: {@code <root>/<class name>/<image file>}, read lazily
 * by the executors with Spark's {@code binaryFile} source (recursive) and decoded there by {@link ImagePixels}; the
 * driver lists the class folders and the files (metadata only), never the pixels.
 *
 * <p>Classes are the first-level folder names of the training root in sorted (String) order, so class {@code i}
 * is the {@code i}-th name; folders starting with '.' or '_' are hidden, as Spark's file listing hides them. A file
 * deeper inside a class folder belongs to that class (as torchvision's and Keras's image folders). Rows come out in
 * the {@link ExampleTables} shape: the id is a 63-bit hash of the file's path relative to its root, so ids, held-out
 * split, pruning ({@code data.keep}) and shards do not depend on where the folder lives or how it is listed. A file
 * that gives no example is a bad row with its reason: {@link RowProblem#EMPTY_FILE}, {@link RowProblem#NOT_AN_IMAGE},
 * {@link RowProblem#CORRUPT_IMAGE}, {@link RowProblem#MISPLACED_FILE} (directly in the root) or, in the test folder,
 * {@link RowProblem#UNKNOWN_CLASS}.
 */
public final class ImageFolders {
    /** The {@code data.format} value. */
    public static final String FORMAT = "image";
    /** The description's key for the class names, in class-index order (the run folder's classes.json). */
    public static final String CLASS_NAMES = "class_names";
    /** The column holding the path relative to the root, before it becomes the id. */
    private static final String RELATIVE = "relative_path";
    /** What the decoding step emits per file. */
    static final StructType DECODED = new StructType()
            .add(RELATIVE, DataTypes.StringType, false)
            .add(ExampleTables.FEATURES, SQLDataTypes.VectorType(), true)
            .add(ExampleTables.LABEL, DataTypes.DoubleType, true)
            .add(ExampleTables.FILE, DataTypes.StringType, false)
            .add(ExampleTables.PROBLEM, DataTypes.IntegerType, false)
            .add(ExampleTables.WIDTH, DataTypes.IntegerType, false);

    private ImageFolders() {}

    /**
     * {@code spec}'s image folders as rows in the common shape, with their classes and the per-channel normalisation
     * {@link TrainingTable#check} fits on the training rows.
     *
     * @throws TableDataException when a root is missing or not a folder, when training has fewer than two class
     *                            folders, or when a client column is asked for
     */
    public static TrainingTable.Source read(SparkSession spark, TableSpec spec, String groupCol,
                                            Consumer<String> progress) {
        if (groupCol != null) {
            throw new TableDataException("image folder " + spec.train() + " has no columns, so no client column '"
                    + groupCol + "' (federated.partition.column): use iid, dirichlet or shards partitions");
        }
        ImageSize size = spec.imageSize();
        if (size == null) throw new IllegalArgumentException("format image needs an image size");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path trainRoot = qualify(spec.train(), conf);
        List<String> classes = classFolders(trainRoot, conf, "training image folder");
        if (classes.size() < 2) {
            throw new TableDataException("training image folder " + spec.train() + " has " + classes.size()
                    + " class folder(s) " + classes + "; classification needs at least two "
                    + "(<root>/<class name>/<image>)");
        }
        Dataset<Row> rows;
        if (spec.test() != null) {
            Path testRoot = qualify(spec.test(), conf);
            List<String> unknown = new ArrayList<>(classFolders(testRoot, conf, "test image folder"));
            unknown.removeAll(classes);
            if (!unknown.isEmpty()) {
                progress.accept("warning: test folder(s) " + unknown + " of " + spec.test() + " are not training "
                        + "classes; their images count as " + RowProblem.UNKNOWN_CLASS.key());
            }
            rows = files(spark, trainRoot, classes, size, conf).withColumn(ExampleTables.TEST, lit(false))
                    .unionByName(files(spark, testRoot, classes, size, conf).withColumn(ExampleTables.TEST, lit(true)));
        } else {
            rows = files(spark, trainRoot, classes, size, conf)
                    .withColumn(ExampleTables.TEST, ExampleTables.heldOut(spec.validationFraction(), spec.seed()));
        }
        // Decoding is the dear part, and the row checks, the normaliser's fit and the shards each pass over the rows:
        // decode once. Whoever builds the shards (or collects the rows) unpersists them.
        rows = rows.select(ExampleTables.ID, ExampleTables.FEATURES, ExampleTables.LABEL, ExampleTables.FILE,
                ExampleTables.TEST, ExampleTables.PROBLEM, ExampleTables.WIDTH)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        progress.accept("image folder " + spec.train() + ": " + classes.size() + " classes " + shortList(classes)
                + ", images resized to " + size.height() + "x" + size.width() + " in " + size.channels()
                + (size.channels() == 1 ? " channel (grey)" : " channels (RGB)") + ", read by the executors");
        return new TrainingTable.Source(rows, Labels.classes(classes.size()), describe(spec, size, classes),
                new ChannelNormaliser(size));
    }

    /** The files under {@code root} decoded on the executors: {@link #DECODED} plus the id. */
    private static Dataset<Row> files(SparkSession spark, Path root, List<String> classes, ImageSize size,
                                      Configuration conf) {
        Dataset<Row> raw = ExampleTables.read(spark, "binaryFile", Map.of("recursiveFileLookup", "true"),
                root.toString());
        String rootPath = root.toUri().getPath();
        ArrayList<String> known = new ArrayList<>(classes);
        Dataset<Row> decoded = raw.select("path", "content").mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Row next() {
                        Row r = it.next();
                        return example(rootPath, known, size, r.getString(0), (byte[]) r.get(1));
                    }
                }, Encoders.row(DECODED));
        // Spark's file listing leaves empty files out of every scan; they are listed here so they are counted.
        List<Row> empty = emptyFiles(root, conf).stream()
                .map(f -> example(rootPath, known, size, f, new byte[0])).toList();
        if (!empty.isEmpty()) decoded = decoded.unionByName(spark.createDataFrame(empty, DECODED));
        // Hashed as a string id column is hashed; 63 bits so ids stay non-negative.
        Column id = xxhash64(col(RELATIVE)).bitwiseAND(lit(Long.MAX_VALUE));
        return decoded.withColumn(ExampleTables.ID, id).drop(RELATIVE);
    }

    /** One file as a {@link #DECODED} row: where it sits decides its class, its bytes its values. Pure. */
    static Row example(String rootPath, List<String> classes, ImageSize size, String file, byte[] content) {
        String relative = relative(rootPath, file);
        int slash = relative.indexOf('/');
        if (slash < 0) return bad(relative, null, file, RowProblem.MISPLACED_FILE);
        int label = classes.indexOf(relative.substring(0, slash));
        if (label < 0) return bad(relative, null, file, RowProblem.UNKNOWN_CLASS);
        ImagePixels.Decoded d = ImagePixels.decode(content, size);
        if (d.problem() != RowProblem.NONE) return bad(relative, (double) label, file, d.problem());
        return RowFactory.create(relative, Vectors.dense(d.features()), (double) label, file, RowProblem.NONE.code(),
                d.features().length);
    }

    private static Row bad(String relative, Double label, String file, RowProblem problem) {
        return RowFactory.create(relative, null, label, file, problem.code(), -1);
    }

    /**
     * {@code file}'s path below the folder whose path (no scheme or authority) is {@code rootPath}; compared by path
     * only, so {@code hdfs:///x} and {@code hdfs://namenode:8020/x} agree.
     */
    static String relative(String rootPath, String file) {
        String path = new Path(file).toUri().getPath();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        if (!path.startsWith(prefix)) throw new IllegalStateException(file + " is not below " + rootPath);
        return path.substring(prefix.length());
    }

    /**
     * The empty files below {@code root} (hidden ones, any part of the path starting with '.' or '_', left out as
     * Spark leaves them out): a listing of names and sizes only.
     */
    static List<String> emptyFiles(Path root, Configuration conf) {
        List<String> out = new ArrayList<>();
        String rootPath = root.toUri().getPath();
        try {
            FileSystem fs = root.getFileSystem(conf);
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (f.getLen() > 0) continue;
                String relative = relative(rootPath, f.getPath().toString());
                if (Arrays.stream(relative.split("/")).noneMatch(n -> n.startsWith(".") || n.startsWith("_"))) {
                    out.add(f.getPath().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    /** The first-level folders of {@code root}, sorted, hidden ones ('.', '_') left out. */
    static List<String> classFolders(Path root, Configuration conf, String what) {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) throw new TableDataException(what + " " + root + " does not exist");
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new TableDataException(what + " " + root + " is a file; data.format: image reads a folder "
                        + "holding one folder per class (<root>/<class name>/<image>)");
            }
            return Arrays.stream(fs.listStatus(root)).filter(FileStatus::isDirectory).map(s -> s.getPath().getName())
                    .filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + what + " " + root, e);
        }
    }

    private static Path qualify(String location, Configuration conf) {
        Path p = new Path(location);
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + location, e);
        }
    }

    private static Map<String, Object> describe(TableSpec spec, ImageSize size, List<String> classes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", "image-folder");
        d.put("format", FORMAT);
        d.put("train_path", spec.train());
        d.put("test_path", spec.test());
        if (spec.test() == null) d.put("validation_fraction", spec.validationFraction());
        d.put("image_size", size.toList());
        d.put(CLASS_NAMES, classes);
        d.put("ids", "63-bit hash of the file's path relative to its root");
        return d;
    }

    private static String shortList(List<String> names) {
        return names.size() <= 10 ? names.toString()
                : names.subList(0, 10).toString().replace("]", ", ...]");
    }
}
