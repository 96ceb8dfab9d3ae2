package org.sparkharness.executors.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A {@link ComputationGraph} with one input and one output as a {@link Dl4jNetwork}. */
final class GraphNet implements Dl4jNetwork {
    private final ComputationGraph graph;
    private final InputLayout layout;

    GraphNet(ComputationGraph graph, InputShape input) {
        var conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new UnsupportedModelException("the ComputationGraph has " + conf.getNetworkInputs().size()
                    + " inputs " + conf.getNetworkInputs() + " and " + conf.getNetworkOutputs().size() + " outputs "
                    + conf.getNetworkOutputs() + "; the harness trains graphs with one input and one output");
        }
        this.graph = graph;
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

    @Override public Model model() { return graph; }

    @Override public String kind() { return "ComputationGraph"; }
}
