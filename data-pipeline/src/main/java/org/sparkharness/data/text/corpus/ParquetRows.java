package org.sparkharness.data.text.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Parquet files, typically a corpus an earlier stage wrote. Parquet has no row order Spark keeps, so rows are
 * ordered by (file, {@code idField}) with a range partitioning and a sort within partitions: partitions are then
 * ordered runs, and new ids follow the old ones. Text from {@code textField}; source from {@code sourceField} when
 * the column exists, else the input's name; location from a {@code location} column when there is one, else
 * {@code file#id}. A null or blank text is a corrupt record.
 */
final class ParquetRows implements RecordSource {
    private static final String FILE = "__file";
    private static final String ORDER = "__order";

    @Override
    public InputFiles list(ReadContext ctx) {
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> true);
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        CorpusInput in = ctx.input;
        Dataset<Row> all = null;
        for (int i = 0; i < files.size(); i++) {
            Dataset<Row> part = ctx.spark.read().parquet(files.path(i).toString());
            List<String> columns = Arrays.asList(part.columns());
            for (String required : List.of(in.textField(), in.idField())) {
                if (!columns.contains(required)) {
                    throw new IllegalArgumentException("parquet input '" + in.name() + "': " + files.name(i)
                            + " has no column " + required + " (columns: " + columns + "); set textField/idField");
                }
            }
            Column source = columns.contains(in.sourceField())
                    ? col(in.sourceField()).cast(DataTypes.StringType) : lit(null).cast(DataTypes.StringType);
            Column location = columns.contains("location")
                    ? col("location").cast(DataTypes.StringType)
                    : lit(null).cast(DataTypes.StringType);
            Dataset<Row> rows = part.select(
                    lit(i).as(FILE),
                    col(in.idField()).as(ORDER),
                    col(in.idField()).cast(DataTypes.StringType).as("id"),
                    col(in.textField()).cast(DataTypes.StringType).as("text"),
                    source.as("source"),
                    location.as("location"));
            all = all == null ? rows : all.unionAll(rows);
        }
        int partitions = in.partitions() != null ? in.partitions()
                : Integer.parseInt(ctx.spark.conf().get("spark.sql.shuffle.partitions"));
        Dataset<Row> ordered = all.repartitionByRange(partitions, col(FILE), col(ORDER))
                .sortWithinPartitions(col(FILE), col(ORDER));
        List<String> names = files.names();
        String name = in.name();
        String textField = in.textField();
        return ordered.javaRDD().map(row -> {
            String file = names.get(row.getInt(0));
            String id = row.getString(2);
            String text = row.getString(3);
            String source = row.getString(4);
            String location = row.isNullAt(5) ? file + "#" + id : row.getString(5);
            if (text == null || text.isBlank()) {
                return Record.corrupt(location, -1, (text == null ? "null " : "blank ") + textField, 0);
            }
            return Record.doc(location, -1, source == null || source.isBlank() ? name : source, text, 0);
        });
    }

    @Override
    public boolean documentPerFile() {
        return false;
    }
}
