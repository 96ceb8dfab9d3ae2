package org.sparkharness.driver.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.executors.model.ConfiguredSpec;
import org.sparkharness.executors.model.Dl4jConfigs;
import org.sparkharness.executors.model.Dl4jSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.SavedModels;
import org.sparkharness.executors.model.UnsupportedModelException;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Reads the user's own network on the driver, once: {@code model.config} (a DL4J configuration as JSON or YAML) or
 * {@code model.path} (a ModelSerializer zip, whose weights training starts from), from any Hadoop URI. What the
 * executors get is a {@link ConfiguredSpec}: the configuration as JSON, never the file's location.
 */
public final class ModelSources {
    private ModelSources() {}

    /**
     * @param spec          what the executors build their networks from
     * @param initialParams the saved model's weights (flat, network layout) to start from, or null to start from the
     *                      run's seed
     * @param notes         what was changed in the user's configuration, for the log
     */
    public record Resolved(ModelSpec spec, INDArray initialParams, List<String> notes) {}

    public static Resolved resolve(ModelSpec spec) {
        if (!(spec instanceof Dl4jSpec d)) return new Resolved(spec, null, List.of());
        if (d.config() != null) {
            Object conf = parse("model.config", d.config(), new String(read("model.config", d.config()), StandardCharsets.UTF_8));
            List<String> notes = Dl4jConfigs.harnessReady(conf);
            return new Resolved(new ConfiguredSpec(Dl4jConfigs.toJson(conf), d.config()), null, notes);
        }
        byte[] zip = read("model.path", d.path());
        String json = zipEntry(zip, d.path());
        Object conf = parse("model.path", d.path(), json);
        Model saved = restore(zip, d.path());
        INDArray params = saved.params().dup();
        List<String> notes = new java.util.ArrayList<>(Dl4jConfigs.harnessReady(conf));
        notes.add(String.format(java.util.Locale.ROOT, "training continues from the %,d weights saved in %s (its "
                + "updater state, if any, is not used)", params.length(), d.path()));
        return new Resolved(new ConfiguredSpec(Dl4jConfigs.toJson(conf), d.path()), params, notes);
    }

    private static Object parse(String field, String uri, String text) {
        try {
            return Dl4jConfigs.parse(text);
        } catch (UnsupportedModelException e) {
            throw new ConfigException(field, uri, e.getMessage());
        }
    }

    private static Model restore(byte[] zip, String uri) {
        try {
            return SavedModels.read(zip);
        } catch (IOException e) {
            throw new ConfigException("model.path", uri, "is not a model saved by DL4J's ModelSerializer: " + e.getMessage());
        }
    }

    private static String zipEntry(byte[] zip, String uri) {
        String json;
        try {
            json = SavedModels.entry(zip, SavedModels.CONFIGURATION);
        } catch (IOException e) {
            throw new ConfigException("model.path", uri, "is not a zip file: " + e.getMessage());
        }
        if (json == null) {
            throw new ConfigException("model.path", uri, "holds no " + SavedModels.CONFIGURATION
                    + ": not a model saved by DL4J's ModelSerializer");
        }
        return json;
    }

    /** The file's bytes; a path without a scheme is on fs.defaultFS. */
    static byte[] read(String field, String uri) {
        Path path = new Path(uri);
        try {
            FileSystem fs = path.getFileSystem(HadoopConf.get());
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ConfigException(field, uri, "cannot be read: " + e.getMessage());
        }
    }
}
