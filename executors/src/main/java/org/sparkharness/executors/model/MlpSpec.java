package org.sparkharness.executors.model;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Multi-layer perceptron: dense hidden layers (He initialisation for ReLU) and the task's output layer (softmax, or
 * identity for regression).
 * Config: {@code type: mlp, hidden: [256, 128], activation: relu}. Defaults: hidden [256, 128], activation relu.
 */
public record MlpSpec(List<Integer> hidden, String activation) implements LayerStackSpec {
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu", "gelu");

    public MlpSpec {
        hidden = hidden == null ? List.of(256, 128) : List.copyOf(hidden);
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new ConfigException("hidden", hidden, "must list at least one positive layer width");
        }
        activation = activation == null ? "relu" : activation.toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(activation)) {
            throw new ConfigException("activation", activation, "must be one of " + ACTIVATIONS);
        }
    }

    /** The default layers and activation. */
    public static MlpSpec defaults() {
        return new MlpSpec(null, null);
    }

    @Override
    public MultiLayerConfiguration configuration(InputShape input, long seed) {
        Activation act = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        WeightInit init = act == Activation.RELU || act == Activation.LEAKYRELU ? WeightInit.RELU : WeightInit.XAVIER;
        NeuralNetConfiguration.ListBuilder list = Layers.base(seed).list();
        int nIn = input.flatSize();
        for (int width : hidden) {
            list.layer(new DenseLayer.Builder().nIn(nIn).nOut(width).activation(act).weightInit(init).build());
            nIn = width;
        }
        return list.layer(Layers.output(nIn, input)).build();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public MlpSpec withHidden(List<Integer> hidden) {
        return new MlpSpec(hidden, activation);
    }

    public MlpSpec withActivation(String activation) {
        return new MlpSpec(hidden, activation);
    }
}
