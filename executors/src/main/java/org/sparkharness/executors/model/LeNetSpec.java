package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.sparkharness.optimizers.config.Check;

/**
 * LeNet-style CNN (LeCun et al. 1998, with ReLU and max pooling): conv 5×5 → pool 2×2 → conv 5×5 → pool 2×2 →
 * dense → softmax. Reads flattened images ({@code InputType.convolutionalFlat}). Config: {@code type: cnn}.
 * Defaults: conv1 20 filters, conv2 50 filters, dense 500.
 */
public record LeNetSpec(Integer conv1, Integer conv2, Integer dense) implements LayerStackSpec {
    public LeNetSpec {
        conv1 = Check.positiveInt("conv1", conv1 == null ? 20 : conv1);
        conv2 = Check.positiveInt("conv2", conv2 == null ? 50 : conv2);
        dense = Check.positiveInt("dense", dense == null ? 500 : dense);
    }

    /** Every width at its default. */
    public static LeNetSpec defaults() {
        return new LeNetSpec(null, null, null);
    }

    @Override
    public MultiLayerConfiguration configuration(InputShape input, long seed) {
        return Layers.base(seed).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(conv1).stride(1, 1)
                        .activation(Activation.RELU).weightInit(WeightInit.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(conv2).stride(1, 1)
                        .activation(Activation.RELU).weightInit(WeightInit.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).weightInit(WeightInit.RELU).build())
                .layer(Layers.output(-1, input))
                .setInputType(InputType.convolutionalFlat(input.height(), input.width(), input.channels()))
                .build();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public LeNetSpec withConv1(int conv1) {
        return new LeNetSpec(conv1, conv2, dense);
    }

    public LeNetSpec withConv2(int conv2) {
        return new LeNetSpec(conv1, conv2, dense);
    }

    public LeNetSpec withDense(int dense) {
        return new LeNetSpec(conv1, conv2, dense);
    }
}
