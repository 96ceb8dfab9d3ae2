package org.sparkharness.executors.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Building blocks shared by the model specs. */
final class Layers {
    private Layers() {}

    /** Common network settings: seeded, NoOp updater (updates are applied by the harness), float32. */
    static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new NoOp())
                .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .weightInit(WeightInit.XAVIER);
    }

    /**
     * The output layer for the task: softmax with multi-class cross-entropy for classification, identity with mean
     * squared error for regression (DL4J's MSE averages over the outputs; the mean over the minibatch is the score).
     *
     * @param nIn the layer's input width, or a value below 1 to take it from the input type
     */
    static OutputLayer output(int nIn, InputShape input) {
        boolean regression = input.isRegression();
        OutputLayer.Builder b = new OutputLayer.Builder(regression ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.MCXENT)
                .activation(regression ? Activation.IDENTITY : Activation.SOFTMAX).nOut(input.outputs());
        if (nIn > 0) b.nIn(nIn);
        return b.build();
    }
}
