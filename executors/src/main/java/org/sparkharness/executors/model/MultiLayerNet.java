package org.sparkharness.executors.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A {@link MultiLayerNetwork} as a {@link Dl4jNetwork}. */
final class MultiLayerNet implements Dl4jNetwork {
    private final MultiLayerNetwork net;
    private final InputLayout layout;

    MultiLayerNet(MultiLayerNetwork net, InputShape input) {
        this.net = net;
        this.layout = InputLayout.of(net.getLayerWiseConfigurations(), input);
    }

    @Override public Map<String, INDArray> paramTable() { return net.paramTable(); }

    @Override public INDArray params() { return net.params(); }

    @Override public long numParams() { return net.numParams(); }

    @Override public void setParams(INDArray flat) { net.setParams(flat); }

    @Override
    public INDArray output(INDArray features, boolean train) {
        return net.output(layout.apply(features), train);
    }

    @Override
    public double score(INDArray features, INDArray labels, boolean train) {
        return net.score(new DataSet(layout.apply(features), labels), train);
    }

    @Override
    public Evaluated gradientAndScore(INDArray features, INDArray labels) {
        net.setInput(layout.apply(features));
        net.setLabels(labels);
        net.computeGradientAndScore();
        // The gradient is a view into the network's gradient buffer: copy it before the next pass.
        INDArray g = net.gradient().gradient().dup().reshape(net.numParams());
        double score = net.score();
        net.clear();
        return new Evaluated(score, g);
    }

    @Override
    public OutputLayers outputLayer() {
        return OutputLayers.of(net.getOutputLayer().conf().getLayer());
    }

    @Override public Model model() { return net; }

    @Override public String kind() { return "MultiLayerNetwork"; }
}
