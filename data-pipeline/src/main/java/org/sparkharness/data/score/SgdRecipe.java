package org.sparkharness.data.score;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.sparkharness.optimizers.config.Check;

/**
 * The minibatch SGD recipe shared by scoring runs and the pruning study's trainings: Nesterov momentum with a
 * cosine learning rate to 0 over the run's steps, L2 weight decay on weights (coupled: added to the gradient before
 * the momentum update, like PyTorch's {@code SGD(weight_decay=…)}), none on biases.
 */
public record SgdRecipe(int batchSize, double lr, double momentum, double weightDecay) implements Serializable {

    public SgdRecipe {
        Check.positiveInt("batchSize", batchSize);
        Check.positive("lr", lr);
        Check.inHalfOpen("momentum", momentum, 0, 1);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /**
     * {@code base} (a ModelSpec configuration, NoOp updater) with every trainable layer switched to this recipe for a
     * run of {@code totalSteps} steps. {@code base} is not modified.
     */
    public MultiLayerConfiguration apply(MultiLayerConfiguration base, long totalSteps) {
        MultiLayerConfiguration conf = base.clone();
        Nesterovs updater = new Nesterovs(new CosineSchedule(lr, totalSteps), momentum);
        List<Regularization> weights = weightDecay > 0 ? List.of(new L2Regularization(weightDecay)) : List.of();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            Layer layer = layerConf.getLayer();
            if (layer instanceof BaseLayer trainable) {
                trainable.setIUpdater(updater.clone());
                trainable.setBiasUpdater(null);
                trainable.setRegularization(weights);
                trainable.setRegularizationBias(List.of());
            }
        }
        return conf;
    }

    /** Steps of {@code epochs} passes over {@code n} examples, the last batch of each pass possibly smaller. */
    public long steps(int n, int epochs) {
        return (long) epochs * stepsPerEpoch(n);
    }

    /** ⌈n / batchSize⌉. */
    public int stepsPerEpoch(int n) {
        return (n + batchSize - 1) / batchSize;
    }
}
