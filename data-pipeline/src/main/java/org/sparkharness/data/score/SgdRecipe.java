package org.sparkharness.data.score;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.sparkharness.executors.model.Dl4jNetwork;
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
     * A copy of {@code base} (same weights) that DL4J's {@code fit()} trains with this recipe over a run of
     * {@code totalSteps} steps. {@code base} is not modified.
     */
    public Dl4jNetwork apply(Dl4jNetwork base, long totalSteps) {
        Nesterovs updater = new Nesterovs(new CosineSchedule(lr, totalSteps), momentum);
        List<Regularization> weights = weightDecay > 0 ? List.of(new L2Regularization(weightDecay)) : List.of();
        return base.withDl4jTraining(updater, weights);
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
