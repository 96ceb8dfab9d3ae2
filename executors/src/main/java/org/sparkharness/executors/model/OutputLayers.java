package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** The loss of a network's last layer (an OutputLayer and its kin, or a parameterless LossLayer). */
public final class OutputLayers {
    private final Layer layer;

    private OutputLayers(Layer layer) {
        this.layer = layer;
    }

    static OutputLayers of(Layer layer) {
        if (layer instanceof BaseOutputLayer || layer instanceof LossLayer) return new OutputLayers(layer);
        throw new UnsupportedModelException("the network's last layer is a " + layer.getClass().getSimpleName()
                + "; the harness needs a layer with a loss function (OutputLayer, LossLayer, CenterLossOutputLayer, ...)");
    }

    public ILossFunction loss() {
        return layer instanceof BaseOutputLayer out ? out.getLossFn() : ((LossLayer) layer).getLossFn();
    }

    /**
     * Whether the last layer is a dense layer (weights and bias) with a softmax activation, the layer whose gradient
     * last-layer GraNd computes in closed form. A LossLayer has no parameters; a CenterLossOutputLayer has more.
     */
    public boolean isDenseSoftmax() {
        return layer.getClass() == org.deeplearning4j.nn.conf.layers.OutputLayer.class
                && ((org.deeplearning4j.nn.conf.layers.OutputLayer) layer).getActivationFn()
                        instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax;
    }

    /** The last layer's DL4J type, for messages. */
    public String typeName() {
        return layer.getClass().getSimpleName();
    }

    /** Swaps the loss function (the layer's configuration is shared by the live network). */
    public void setLoss(ILossFunction loss) {
        if (layer instanceof BaseOutputLayer out) out.setLossFn(loss);
        else ((LossLayer) layer).setLossFn(loss);
    }
}
