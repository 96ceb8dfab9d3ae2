package org.sparkharness.data.text.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Plain text cut into documents of {@code linesPerDoc} consecutive lines (docs/algorithms/data-pipeline.md §4 step 3,
 * the Jargon File): each file is decoded as UTF-8 with malformed bytes replaced (and counted), split on {@code \n}
 * keeping the empty piece after a final newline (Python's {@code str.split("\n")}), and each run of lines joined with
 * {@code \n}. Location {@code file:firstLine}. Files are read whole: a chunk never straddles two tasks.
 */
final class LineChunks implements RecordSource {

    @Override
    public InputFiles list(ReadContext ctx) {
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> true);
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        int linesPerDoc = ctx.input.linesPerDoc();
        String source = ctx.input.name();
        return WholeFiles.read(ctx, files, (name, bytes, decoder) -> {
            String text = decoder.decode(bytes);
            return chunks(name, text, linesPerDoc, source, decoder.takeReplaced());
        });
    }

    /**
     * The documents of one decoded file. Each counts its lines as records read; the empty piece after a final
     * newline is not a line. Replaced characters are attributed to the first chunk.
     */
    static List<Record> chunks(String name, String text, int linesPerDoc, String source, long replacedChars) {
        String[] lines = text.split("\n", -1);
        List<Record> docs = new ArrayList<>((lines.length + linesPerDoc - 1) / linesPerDoc);
        for (int start = 0; start < lines.length; start += linesPerDoc) {
            int end = Math.min(lines.length, start + linesPerDoc);
            String chunk = String.join("\n", Arrays.asList(lines).subList(start, end));
            long units = end - start - (end == lines.length && text.endsWith("\n") ? 1 : 0);
            docs.add(Record.doc(name, start, units, source, chunk, start == 0 ? replacedChars : 0));
        }
        return docs;
    }

    @Override
    public boolean documentPerFile() {
        return false;
    }

    @Override
    public String fetchCommand() {
        return "scripts/fetch-data jargon";
    }
}
