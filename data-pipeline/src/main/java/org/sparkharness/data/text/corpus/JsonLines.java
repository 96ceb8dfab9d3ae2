package org.sparkharness.data.text.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * JSON Lines: one object per line, parsed by Spark's JSON parser ({@code from_json}) in PERMISSIVE mode, so that a
 * malformed line lands in {@code _corrupt_record} instead of failing the job. Lines come from {@link HadoopLines}
 * (split by size, file order kept), which is what gives each corrupt record its {@code file:line}. A line whose
 * object lacks the text field (or has a blank one) is corrupt too; blank lines are skipped, as Spark's JSON reader
 * does, and counted. Fields are read as strings: a number or object in the text field becomes its JSON text.
 */
final class JsonLines implements RecordSource {
    static final String CORRUPT = "_corrupt_record";

    private static final StructType LINES = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("value", DataTypes.StringType, true)
            .add("replaced", DataTypes.LongType, false)
            .add("error", DataTypes.StringType, true);

    @Override
    public InputFiles list(ReadContext ctx) {
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> true);
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        CorpusInput in = ctx.input;
        StructType schema = new StructType().add(in.textField(), DataTypes.StringType, true);
        if (in.idField() != null) {
            schema = schema.add(in.idField(), DataTypes.StringType, true);
        }
        if (in.sourceField() != null) {
            schema = schema.add(in.sourceField(), DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);

        JavaRDD<Row> lines = HadoopLines.read(ctx, files)
                .map(l -> RowFactory.create(l.file, l.index, l.text, l.replacedChars, l.error));
        // A projection over the lines' RDD: no shuffle, the partitions (and their order) stay the lines' own.
        Dataset<Row> parsed = ctx.spark.createDataFrame(lines, LINES).select(
                col("file"), col("line"), col("value"), col("replaced"), col("error"),
                from_json(col("value"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT))
                        .as("json"));
        String textField = in.textField();
        String idField = in.idField();
        String sourceField = in.sourceField();
        String name = in.name();
        return parsed.javaRDD().map(row -> toRecord(row, textField, idField, sourceField, name));
    }

    private static Record toRecord(Row row, String textField, String idField, String sourceField, String name) {
        String file = row.getString(0);
        long line = row.getLong(1);
        String value = row.getString(2);
        long replaced = row.getLong(3);
        String error = row.getString(4);
        if (error != null) {
            return Record.corrupt(file, line, error, replaced);
        }
        if (value.isBlank()) {
            return Record.skipped(file, line);
        }
        Row json = row.getStruct(5);
        if (json == null || !json.isNullAt(json.fieldIndex(CORRUPT))) {
            // Spark files arrays and scalars under _corrupt_record too; say which it was.
            return Record.corrupt(file, line, value.strip().startsWith("{") ? "invalid JSON" : "not a JSON object",
                    replaced);
        }
        String tag = idField == null ? null : json.getAs(idField);
        String text = json.getAs(textField);
        if (text == null) {
            return Record.corrupt(file, line, "no " + textField + " field", replaced).withTag(tag);
        }
        if (text.isBlank()) {
            return Record.corrupt(file, line, "blank " + textField, replaced).withTag(tag);
        }
        String source = sourceField == null ? null : json.getAs(sourceField);
        return Record.doc(file, line, source == null || source.isBlank() ? name : source, text, replaced)
                .withTag(tag);
    }

    @Override
    public boolean documentPerFile() {
        return false;
    }
}
