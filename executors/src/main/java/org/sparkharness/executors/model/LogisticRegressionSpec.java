package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Multinomial logistic regression: one softmax layer on the flattened input (with {@code task: regression}, linear
 * regression: one identity layer fitted by mean squared error). Config: {@code type: logistic}.
 */
public record LogisticRegressionSpec() implements LayerStackSpec {
    @Override
    public MultiLayerConfiguration configuration(InputShape input, long seed) {
        return Layers.base(seed).list()
                .layer(Layers.output(input.flatSize(), input))
                .build();
    }
}
