package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/** The loss-computing layer of a network's configuration. */
final class OutputLayers {
    private OutputLayers() {}

    static BaseOutputLayer lossLayer(Layer layer) {
        if (layer instanceof BaseOutputLayer out) return out;
        throw new UnsupportedModelException("the network's last layer is a " + layer.getClass().getSimpleName()
                + "; the harness needs an output layer with a loss function (OutputLayer, CenterLossOutputLayer, ...)");
    }
}
