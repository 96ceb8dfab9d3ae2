package org.sparkharness.data.text.corpus;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * One document per file: the whole file decoded as UTF-8 (malformed bytes replaced and counted). An empty or
 * blank file is a corrupt record. Source: the input's name.
 */
final class TextFiles implements RecordSource {

    @Override
    public InputFiles list(ReadContext ctx) {
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> true);
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        String source = ctx.input.name();
        return WholeFiles.read(ctx, files, (name, bytes, decoder) -> {
            String text = decoder.decode(bytes);
            long replaced = decoder.takeReplaced();
            return List.of(text.isBlank()
                    ? Record.corrupt(name, -1, bytes.length == 0 ? "empty file" : "blank text", replaced)
                    : Record.doc(name, -1, source, text, replaced));
        });
    }

    @Override
    public boolean documentPerFile() {
        return true;
    }
}
