package org.sparkharness.data.table;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.prune.PruneJob;

/**
 * The ids a training run keeps ({@code data.keep}): a {@code curate} prune stage's folder, whose {@code kept/}
 * Parquet lists them, or any Parquet table with an {@code id} column. Read lazily by the executors; the driver only
 * checks the path and the schema.
 */
public final class KeptIds {
    /** The one column of the result. */
    public static final String ID = "kept_id";

    private KeptIds() {}

    public static Dataset<Row> read(SparkSession spark, String path) {
        Path folder = new Path(path);
        Path table;
        try {
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(folder)) throw new TableDataException("data.keep: " + path + " does not exist");
            Path kept = new Path(folder, PruneJob.KEPT_DIR);
            table = fs.exists(kept) ? kept : folder;
        } catch (IOException e) {
            throw new UncheckedIOException("data.keep: cannot list " + path, e);
        }
        Dataset<Row> ids = ExampleTables.read(spark, "parquet", java.util.Map.of(), table.toString());
        if (!Arrays.asList(ids.columns()).contains("id")) {
            throw new TableDataException("data.keep: " + table + " has no 'id' column (columns: "
                    + String.join(", ", ids.columns()) + "); give a prune stage's folder or a Parquet table of ids");
        }
        return ids.select(col("id").cast("long").as(ID));
    }
}
