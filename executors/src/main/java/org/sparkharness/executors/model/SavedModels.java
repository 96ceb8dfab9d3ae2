package org.sparkharness.executors.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Networks as DL4J's {@link ModelSerializer} zip (configuration + parameters, no updater state): what a user can load
 * with DL4J, and what scoring tasks send back. A MultiLayerNetwork and a ComputationGraph are told apart by their
 * configuration (a graph's has vertices).
 */
public final class SavedModels {
    /** The zip entry with the network's configuration. */
    public static final String CONFIGURATION = "configuration.json";

    private SavedModels() {}

    public static byte[] write(Model network) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
        return out.toByteArray();
    }

    /** The network in {@code zip}; {@link IOException} when it is not a ModelSerializer zip. */
    public static Model read(byte[] zip) throws IOException {
        String conf = entry(zip, CONFIGURATION);
        if (conf == null) throw new IOException("the zip holds no " + CONFIGURATION);
        try (InputStream in = new ByteArrayInputStream(zip)) {
            return conf.contains("\"vertices\"") ? ModelSerializer.restoreComputationGraph(in, false)
                    : ModelSerializer.restoreMultiLayerNetwork(in, false);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The text of entry {@code name}, or null when the zip has none. */
    public static String entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
