package org.sparkharness.executors.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A {@link MultiLayerNetwork} as a {@link Dl4jNetwork}. */
final class MultiLayerNet implements Dl4jNetwork {
    private final MultiLayerNetwork net;
    private final InputShape input;
    private final InputLayout layout;

    MultiLayerNet(MultiLayerNetwork net, InputShape input) {
        this.net = net;
        this.input = input;
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

    @Override
    public LastLayer lastLayer(INDArray features) {
        // feedForward's last entry is bit-identical to output(x, false) (held by a test); entry 0 is the input.
        List<INDArray> acts = net.feedForward(layout.apply(features), false);
        INDArray out = acts.get(acts.size() - 1).dup();
        INDArray in = Activations.rows(acts.get(acts.size() - 2));
        for (int i = 1; i < acts.size(); i++) NativeMemory.release(acts.get(i));
        return new LastLayer(out, in);
    }

    @Override public InputShape input() { return input; }

    @Override
    public void fit(INDArray features, INDArray labels) {
        net.fit(new DataSet(layout.apply(features), labels));
    }

    @Override public Model model() { return net; }

    @Override public String kind() { return "MultiLayerNetwork"; }
}
