package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** Multinomial logistic regression: one softmax layer on the flattened input. Config: {@code type: logistic}. */
public record LogisticRegressionSpec() implements ModelSpec {
    @Override
    public MultiLayerConfiguration configuration(InputShape input, long seed) {
        return Layers.base(seed).list()
                .layer(Layers.softmaxOutput(input.flatSize(), input.numClasses()))
                .build();
    }
}
