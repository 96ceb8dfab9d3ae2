package org.sparkharness.executors.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * A DL4J network as the harness trains it, whatever DL4J class holds it: a {@link MultiLayerNetwork} or a
 * {@link ComputationGraph} with one input and one output. Every caller passes features as stored (one flattened row
 * per example, channels first); the network reshapes them to what its first layer reads. The one place that knows
 * the difference between the two DL4J classes. Not thread-safe: one network per task thread.
 */
public sealed interface Dl4jNetwork permits MultiLayerNet, GraphNet {

    /** Wraps an initialised DL4J network that reads examples of {@code input}'s shape. */
    static Dl4jNetwork of(Model model, InputShape input) {
        if (model instanceof MultiLayerNetwork net) return new MultiLayerNet(net, input);
        if (model instanceof ComputationGraph graph) return new GraphNet(graph, input);
        throw new IllegalArgumentException("not a MultiLayerNetwork or ComputationGraph: " + model.getClass().getName());
    }

    /** The parameters by name, in the network's own order: views into {@link #params()}. */
    Map<String, INDArray> paramTable();

    /** All parameters as one flat view (the transport layout). */
    INDArray params();

    long numParams();

    /** Copies a flat vector in {@link #params()}'s layout into the network. */
    void setParams(INDArray flat);

    /** The network's output (class probabilities or regression values) for flattened features. */
    INDArray output(INDArray features, boolean train);

    /** Mean loss over the rows of {@code features}. */
    double score(INDArray features, INDArray labels, boolean train);

    /** Loss and gradient on one minibatch: the gradient is a flat copy in {@link #params()}'s layout. */
    Evaluated gradientAndScore(INDArray features, INDArray labels);

    /** The configuration of the layer that computes the loss (its loss function may be swapped for a while). */
    OutputLayers outputLayer();

    /**
     * The softmax (or regression) output and the output layer's input, one row per example, from one eval-mode
     * forward pass: what last-layer GraNd reads.
     */
    LastLayer lastLayer(INDArray features);

    /**
     * A new network with this one's weights that DL4J's own {@link #fit} trains: {@code updater} on every trainable
     * layer, {@code weightRegularization} on weights, none on biases. For one-JVM trainings with DL4J's updaters
     * (scoring runs); the harness's distributed training never uses DL4J's updaters.
     */
    default Dl4jNetwork withDl4jTraining(IUpdater updater, List<Regularization> weightRegularization) {
        Object conf = Dl4jConfigs.withTraining(Dl4jConfigs.configuration(model()), updater, weightRegularization);
        return of(Dl4jConfigs.build(conf, params()), input());
    }

    /** The shape of the examples this network reads. */
    InputShape input();

    /** One minibatch step of DL4J's own {@code fit()}, with the updater of {@link #withDl4jTraining}. */
    void fit(INDArray features, INDArray labels);

    /** The DL4J object, for ModelSerializer. */
    Model model();

    /** "MultiLayerNetwork" or "ComputationGraph", for messages. */
    String kind();

    /** @param output [n, outputs]; @param input the output layer's input flattened to [n, width] */
    record LastLayer(INDArray output, INDArray input) {}

    /** @param score mean loss; @param gradient flat copy */
    record Evaluated(double score, INDArray gradient) {}
}
