package org.sparkharness.data.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.executors.io.AtomicFiles;

/**
 * Small files a curation stage writes next to its Parquet output (stats.json, manifest.json, completion markers),
 * on any Hadoop URI. Writes go to a temporary name and are renamed, so a reader never sees half a file.
 */
public final class StageFiles {
    /** Pretty-printed, so stats files are readable as they are. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private StageFiles() {}

    public static FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(HadoopConf.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    /** {@code dirUri/name}. */
    public static Path path(String dirUri, String name) {
        return new Path(dirUri, name);
    }

    public static void writeString(Path file, String text) {
        AtomicFiles.write(fileSystem(file), file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeJson(Path file, Object value) {
        try {
            writeString(file, JSON.writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String readString(Path file) {
        FileSystem fs = fileSystem(file);
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static <T> T readJson(Path file, Class<T> type) {
        try {
            return JSON.readValue(readString(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + " as " + type.getSimpleName(), e);
        }
    }

    public static boolean exists(Path file) {
        try {
            return fileSystem(file).exists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file, e);
        }
    }
}
