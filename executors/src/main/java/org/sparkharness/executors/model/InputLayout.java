package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a network reads an example: the harness stores each one as a flat row (channels first); a network whose
 * first layer is spatial and has no preprocessor (what {@code InputType.convolutional} configures) reads
 * {@code [batch, channels, height, width]} instead, a reshape of the same values.
 */
record InputLayout(boolean images, int channels, int height, int width) {

    static InputLayout of(MultiLayerConfiguration conf, InputShape input) {
        boolean spatial = conf.getInputPreProcess(0) == null && isSpatial(conf.getConf(0).getLayer());
        return new InputLayout(spatial, input.channels(), input.height(), input.width());
    }

    static InputLayout of(ComputationGraphConfiguration conf, InputShape input) {
        String in = conf.getNetworkInputs().get(0);
        boolean spatial = false;
        for (var e : conf.getVertexInputs().entrySet()) {
            if (!e.getValue().contains(in)) continue;
            GraphVertex v = conf.getVertices().get(e.getKey());
            if (v instanceof LayerVertex lv && lv.getPreProcessor() == null
                    && isSpatial(lv.getLayerConf().getLayer())) {
                spatial = true;
            }
        }
        return new InputLayout(spatial, input.channels(), input.height(), input.width());
    }

    private static boolean isSpatial(Layer layer) {
        return layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer
                || layer instanceof ZeroPaddingLayer || layer instanceof Cropping2D
                || layer instanceof LocalResponseNormalization || layer instanceof SpaceToDepthLayer;
    }

    /** {@code features} ({@code [batch, c·h·w]}) as the network reads them. */
    INDArray apply(INDArray features) {
        if (!images || features.rank() == 4) return features;
        return features.reshape('c', features.size(0), channels, height, width);
    }
}
