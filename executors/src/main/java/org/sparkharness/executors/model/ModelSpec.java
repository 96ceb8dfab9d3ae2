package org.sparkharness.executors.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network architecture chosen in config by a short {@code type} name. Implementations are immutable records that
 * validate themselves; {@link #configuration} is pure, so equal specs build identical networks for the same seed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LogisticRegressionSpec.class, name = "logistic"),
    @JsonSubTypes.Type(value = MlpSpec.class, name = "mlp"),
    @JsonSubTypes.Type(value = LeNetSpec.class, name = "cnn"),
})
public sealed interface ModelSpec extends Serializable permits LogisticRegressionSpec, MlpSpec, LeNetSpec {

    /** DL4J configuration with the NoOp updater and no regularisation (the harness optimizer owns both). */
    MultiLayerConfiguration configuration(InputShape input, long seed);

    /** Builds and initialises a network. */
    default MultiLayerNetwork build(InputShape input, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(input, seed));
        net.init();
        return net;
    }
}
