package org.sparkharness.executors.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one-pass per-example gradients equal B single-example {@code gradientAndScore} passes (the definition), row
 * by row to 1e-5 relative, on real DL4J networks of each supported kind; unsupported networks are refused.
 */
class PerExampleGradientsTest {
    private static final int B = 7;

    private static INDArray features(int rows, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] v = new float[rows][width];
        for (float[] row : v) for (int j = 0; j < width; j++) row[j] = (float) (r.nextDouble() * 2 - 1);
        return Nd4j.create(v);
    }

    private static INDArray oneHot(int rows, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) y.putScalar(i, r.nextInt(classes), 1f);
        return y;
    }

    /** Asserts the one-pass losses and Jacobian rows against one backward pass per example. */
    private static void assertMatchesSingleExamplePasses(Dl4jNetwork net, INDArray x, INDArray y) {
        assertNull(PerExampleGradients.unsupportedReason(net));
        INDArray before = net.params().dup();
        PerExampleGradients.Jacobian j = PerExampleGradients.jacobian(net, x, y);
        assertEquals(before, net.params(), "parameters untouched");
        PerExampleGradients.Norms norms = PerExampleGradients.norms(net, x, y);
        int b = (int) x.size(0);
        assertEquals(b, j.losses().length());
        assertEquals(net.numParams(), j.jacobian().size(1));
        for (int i = 0; i < b; i++) {
            Dl4jNetwork.Evaluated e = net.gradientAndScore(x.getRow(i, true).dup(), y.getRow(i, true).dup());
            double[] want = e.gradient().toDoubleVector();
            double[] got = j.jacobian().getRow(i).toDoubleVector();
            double diff = 0;
            double norm = 0;
            for (int k = 0; k < want.length; k++) {
                diff += (got[k] - want[k]) * (got[k] - want[k]);
                norm += want[k] * want[k];
            }
            assertTrue(norm > 0, "row " + i + " has a gradient");
            assertTrue(Math.sqrt(diff) <= 1e-5 * Math.sqrt(norm),
                    "row " + i + ": |a - b| = " + Math.sqrt(diff) + ", |b| = " + Math.sqrt(norm));
            assertEquals(e.score(), j.losses().getDouble(i), 1e-5 * Math.max(1, Math.abs(e.score())), "loss " + i);
            assertEquals(e.score(), norms.losses()[i], 1e-5 * Math.max(1, Math.abs(e.score())), "norms' loss " + i);
            assertEquals(norm, norms.squaredNorms()[i], 1e-5 * norm, "squared norm " + i);
        }
    }

    @Test
    void aReluMlpWithSoftmaxAndCrossEntropy() {
        InputShape shape = new InputShape(5, 5, 1, 4);
        Dl4jNetwork net = new MlpSpec(List.of(12, 6), "relu").network(shape, 11);
        assertMatchesSingleExamplePasses(net, features(B, 25, 1), oneHot(B, 4, 2));
    }

    @Test
    void aTanhMlpWithSoftmaxAndCrossEntropy() {
        InputShape shape = new InputShape(5, 5, 1, 3);
        Dl4jNetwork net = new MlpSpec(List.of(9), "tanh").network(shape, 12);
        assertMatchesSingleExamplePasses(net, features(B, 25, 3), oneHot(B, 3, 4));
    }

    @Test
    void anMseRegressionNet() {
        InputShape shape = new InputShape(1, 6, 1, 2, Task.REGRESSION);
        Dl4jNetwork net = new MlpSpec(List.of(8), "tanh").network(shape, 13);
        assertMatchesSingleExamplePasses(net, features(B, 6, 5), features(B, 2, 6));
    }

    @Test
    void aLeNetCnn() {
        Dl4jNetwork net = new LeNetSpec(3, 4, 10).network(InputShape.fashionMnist(), 14);
        assertMatchesSingleExamplePasses(net, features(4, 784, 7), oneHot(4, 10, 8));
    }

    private static Dl4jNetwork cnn(ConvolutionMode mode, int stride, int pad, int dilation, boolean flatInput) {
        InputShape shape = new InputShape(9, 8, 2, 3);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).convolutionMode(mode).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).stride(stride, stride).padding(pad, pad)
                        .dilation(dilation, dilation).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).stride(1, 1).hasBias(false)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build());
        MultiLayerConfiguration conf = list.setInputType(flatInput
                ? InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels())
                : InputType.convolutional(shape.height(), shape.width(), shape.channels())).build();
        MultiLayerNetwork mln = new MultiLayerNetwork(conf);
        mln.init();
        return Dl4jNetwork.of(mln, shape);
    }

    @Test
    void convolutionsInSameModeWithStride() {
        assertMatchesSingleExamplePasses(cnn(ConvolutionMode.Same, 2, 0, 1, true), features(B, 144, 9), oneHot(B, 3, 10));
    }

    @Test
    void convolutionsInTruncateModeWithStridePaddingAndDilation() {
        assertMatchesSingleExamplePasses(cnn(ConvolutionMode.Truncate, 2, 1, 1, true), features(B, 144, 11), oneHot(B, 3, 12));
        assertMatchesSingleExamplePasses(cnn(ConvolutionMode.Truncate, 1, 2, 2, false), features(B, 144, 13), oneHot(B, 3, 14));
    }

    @Test
    void identityActivationsAnActivationLayerAndGlobalPooling() {
        InputShape shape = new InputShape(6, 6, 1, 3);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).updater(new NoOp())
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.PoolingType.AVG).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.convolutionalFlat(6, 6, 1))
                .build();
        MultiLayerNetwork mln = new MultiLayerNetwork(conf);
        mln.init();
        assertMatchesSingleExamplePasses(Dl4jNetwork.of(mln, shape), features(B, 36, 15), oneHot(B, 3, 16));
    }

    @Test
    void dropoutAndGraphsAreRefused() throws Exception {
        InputShape shape = new InputShape(1, 6, 1, 3);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp())
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).dropOut(0.5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(5).nOut(3).build())
                .build();
        MultiLayerNetwork mln = new MultiLayerNetwork(conf);
        mln.init();
        assertTrue(PerExampleGradients.unsupportedReason(Dl4jNetwork.of(mln, shape)).contains("dropout"));
        Dl4jNetwork graph = new ConfiguredSpec(Dl4jNetworkTest.twoBranchJson(), "test").network(InputShape.fashionMnist(), 5);
        assertTrue(PerExampleGradients.unsupportedReason(graph).contains("ComputationGraph"));
    }

    @Test
    void thePropertyForcesTheLoop() {
        Dl4jNetwork net = new MlpSpec(List.of(4), "relu").network(new InputShape(1, 3, 1, 2), 1);
        assertTrue(PerExampleGradients.use(net));
        System.setProperty(PerExampleGradients.PROPERTY, "loop");
        try {
            assertFalse(PerExampleGradients.use(net));
            System.setProperty(PerExampleGradients.PROPERTY, "lop");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> PerExampleGradients.use(net));
            assertTrue(e.getMessage().contains("harness.perExample") && e.getMessage().contains("auto"),
                    e.getMessage());
        } finally {
            System.clearProperty(PerExampleGradients.PROPERTY);
        }
    }
}
