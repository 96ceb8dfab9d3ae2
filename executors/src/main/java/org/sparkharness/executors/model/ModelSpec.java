package org.sparkharness.executors.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/**
 * A network chosen in config by a short {@code type} name: a built-in architecture ({@link LayerStackSpec}), the
 * user's own DL4J network ({@code dl4j}: a configuration or a saved model) or a model of DL4J's zoo. Implementations
 * are immutable records that validate themselves; equal specs build identical networks for the same seed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LogisticRegressionSpec.class, name = "logistic"),
    @JsonSubTypes.Type(value = MlpSpec.class, name = "mlp"),
    @JsonSubTypes.Type(value = LeNetSpec.class, name = "cnn"),
    @JsonSubTypes.Type(value = Dl4jSpec.class, name = "dl4j"),
    @JsonSubTypes.Type(value = ZooSpec.class, name = "zoo"),
})
public sealed interface ModelSpec extends Serializable permits LayerStackSpec, Dl4jSpec, ConfiguredSpec, ZooSpec {

    /**
     * Builds and initialises the network for examples of {@code input}'s shape, with the NoOp updater and no
     * regularisation (the harness's optimizer owns both); {@code seed} draws the initial weights.
     */
    Dl4jNetwork network(InputShape input, long seed);
}
