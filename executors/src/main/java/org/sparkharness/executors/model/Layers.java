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

    /** Softmax output with multi-class cross-entropy (the mean over the minibatch is the score). */
    static OutputLayer softmaxOutput(int nIn, int numClasses) {
        OutputLayer.Builder b = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nOut(numClasses);
        if (nIn > 0) b.nIn(nIn);
        return b.build();
    }
}
