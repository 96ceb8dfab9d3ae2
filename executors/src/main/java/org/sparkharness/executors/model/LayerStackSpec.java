package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A built-in architecture: a layer stack whose DL4J configuration the harness writes itself. */
public sealed interface LayerStackSpec extends ModelSpec permits LogisticRegressionSpec, MlpSpec, LeNetSpec {

    /** DL4J configuration with the NoOp updater and no regularisation (the harness optimizer owns both). Pure. */
    MultiLayerConfiguration configuration(InputShape input, long seed);

    /** Builds and initialises the DL4J network. */
    default MultiLayerNetwork build(InputShape input, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(input, seed));
        net.init();
        return net;
    }

    @Override
    default Dl4jNetwork network(InputShape input, long seed) {
        return Dl4jNetwork.of(build(input, seed), input);
    }
}
