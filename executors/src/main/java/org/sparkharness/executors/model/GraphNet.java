package org.sparkharness.executors.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A {@link ComputationGraph} with one input and one output as a {@link Dl4jNetwork}. */
final class GraphNet implements Dl4jNetwork {
    private final ComputationGraph graph;
    private final InputShape input;
    private final InputLayout layout;

    GraphNet(ComputationGraph graph, InputShape input) {
        var conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new UnsupportedModelException("the ComputationGraph has " + conf.getNetworkInputs().size()
                    + " inputs " + conf.getNetworkInputs() + " and " + conf.getNetworkOutputs().size() + " outputs "
                    + conf.getNetworkOutputs() + "; the harness trains graphs with one input and one output");
        }
        this.graph = graph;
        this.input = input;
        this.layout = InputLayout.of(conf, input);
    }

    @Override public Map<String, INDArray> paramTable() { return graph.paramTable(); }

    @Override public INDArray params() { return graph.params(); }

    @Override public long numParams() { return graph.numParams(); }

    @Override public void setParams(INDArray flat) { graph.setParams(flat); }

    @Override
    public INDArray output(INDArray features, boolean train) {
        return graph.outputSingle(train, layout.apply(features));
    }

    @Override
    public double score(INDArray features, INDArray labels, boolean train) {
        return graph.score(new DataSet(layout.apply(features), labels), train);
    }

    @Override
    public Evaluated gradientAndScore(INDArray features, INDArray labels) {
        graph.setInputs(layout.apply(features));
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        INDArray g = graph.gradient().gradient().dup().reshape(graph.numParams());
        double score = graph.score();
        graph.clear();
        return new Evaluated(score, g);
    }

    @Override
    public OutputLayers outputLayer() {
        return OutputLayers.of(graph.getOutputLayer(0).conf().getLayer());
    }

    @Override
    public LastLayer lastLayer(INDArray features) {
        var conf = graph.getConfiguration();
        String output = conf.getNetworkOutputs().get(0);
        List<String> feeding = conf.getVertexInputs().get(output);
        if (feeding.size() != 1) {
            throw new UnsupportedModelException("the output layer " + output + " reads " + feeding.size()
                    + " vertices " + feeding + "; last-layer scores need an output layer with one input");
        }
        Map<String, INDArray> acts = graph.feedForward(layout.apply(features), false);
        INDArray out = acts.get(output).dup();
        INDArray in = Activations.rows(acts.get(feeding.get(0)));
        for (var e : acts.entrySet()) {
            if (!conf.getNetworkInputs().contains(e.getKey())) NativeMemory.release(e.getValue());
        }
        return new LastLayer(out, in);
    }

    @Override public InputShape input() { return input; }

    @Override
    public void fit(INDArray features, INDArray labels) {
        graph.fit(new DataSet(layout.apply(features), labels));
    }

    @Override public Model model() { return graph; }

    @Override public String kind() { return "ComputationGraph"; }
}
