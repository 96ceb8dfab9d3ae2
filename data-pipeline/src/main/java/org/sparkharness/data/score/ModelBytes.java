package org.sparkharness.data.score;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** A network as {@link ModelSerializer} zip bytes (configuration + parameters, no updater state): what tasks ship. */
public final class ModelBytes {
    private ModelBytes() {}

    public static byte[] write(MultiLayerNetwork net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
        return out.toByteArray();
    }

    public static MultiLayerNetwork read(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore a network from " + bytes.length + " bytes", e);
        }
    }
}
