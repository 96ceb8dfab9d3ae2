package org.sparkharness.data.score;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.optimizers.config.Check;

/**
 * How scores are computed: K scoring runs of {@code epochs} epochs each, trained with SGD + Nesterov momentum
 * (DL4J's {@code Nesterovs}, its only momentum updater; data_diet also uses Nesterov), coupled L2 weight decay on
 * weights only (biases are not decayed), and a cosine learning rate from {@code lr} to 0 over the run's steps
 * (docs/algorithms/data-pipeline.md §6 setup). Every component may be null in config; the compact constructor fills the
 * defaults and validates.
 *
 * @param model           scoring network, default MLP [128] relu; any model type training takes (a user's DL4J network
 *                        or a zoo model too: the driver reads it, see {@link ScoringNetwork})
 * @param runs            K independent scoring runs (default 5); EL2N/GraNd/loss are means over them
 * @param epochs          epochs of each scoring run (default 2: scores early in training)
 * @param batchSize       minibatch size (default 128; the last batch of an epoch may be smaller)
 * @param lr              peak learning rate (default 0.05)
 * @param momentum        Nesterov momentum (default 0.9)
 * @param weightDecay     L2 coefficient on weights, added to the gradient before the updater (default 5e-4)
 * @param seed            base seed: run k uses model seed {@code seed + k·424242} and data-order seed
 *                        {@code 101·seed + k·424242} (42 gives data_diet's 42 / 4242 for run 0); default 42
 * @param grand           {@code lastLayer} (default), {@code exact} or {@code none}
 * @param evalBatch       rows per forward pass in the scoring pass (default 1024)
 * @param labelNoise      fraction of examples whose labels are shuffled among themselves before training (default 0)
 * @param noiseSeed       seed of that shuffle (default 0)
 * @param measureOverhead also time a plain batched {@code output()} loop over the same data on the driver (G8)
 * @param scorePartitions partitions of the Spark scoring pass; null (default) means
 *                        {@code spark.defaultParallelism}. Scores do not depend on it.
 */
public record ScoreSettings(ModelSpec model, Integer runs, Integer epochs, Integer batchSize, Double lr,
                            Double momentum, Double weightDecay, Long seed, GrandMode grand, Integer evalBatch,
                            Double labelNoise, Long noiseSeed, Boolean measureOverhead, Integer scorePartitions)
        implements Serializable {

    /** Offset between consecutive runs' seeds, as in data_diet's {@code 42 + RUN·424242}. */
    public static final long RUN_SEED_STRIDE = 424_242L;

    public ScoreSettings {
        model = model == null ? new MlpSpec(List.of(128), "relu") : model;
        runs = Check.positiveInt("runs", runs == null ? 5 : runs);
        epochs = Check.positiveInt("epochs", epochs == null ? 2 : epochs);
        batchSize = Check.positiveInt("batchSize", batchSize == null ? 128 : batchSize);
        lr = Check.positive("lr", lr == null ? 0.05 : lr);
        momentum = Check.inHalfOpen("momentum", momentum == null ? 0.9 : momentum, 0, 1);
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 5e-4 : weightDecay);
        seed = seed == null ? 42L : seed;
        grand = grand == null ? GrandMode.LAST_LAYER : grand;
        evalBatch = Check.positiveInt("evalBatch", evalBatch == null ? 1024 : evalBatch);
        labelNoise = Check.inClosed("labelNoise", labelNoise == null ? 0.0 : labelNoise, 0, 1);
        noiseSeed = noiseSeed == null ? 0L : noiseSeed;
        measureOverhead = measureOverhead != null && measureOverhead;
        if (scorePartitions != null) Check.positiveInt("scorePartitions", scorePartitions);
    }

    /** All defaults. */
    public static ScoreSettings defaults() {
        return new ScoreSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Model-initialisation seed of run {@code k}. */
    public long modelSeed(int k) {
        return seed + k * RUN_SEED_STRIDE;
    }

    /** Data-order (shuffling) seed of run {@code k}, distinct from the model seed. */
    public long orderSeed(int k) {
        return 101 * seed + k * RUN_SEED_STRIDE;
    }

    /** The same settings with another GraNd mode. */
    public ScoreSettings withGrand(GrandMode mode) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, mode, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    /** The same settings with overhead measurement switched on or off. */
    public ScoreSettings withMeasureOverhead(boolean on) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, on, scorePartitions);
    }

    /** The same settings with another scoring-pass partition count (null: spark.defaultParallelism). */
    public ScoreSettings withScorePartitions(Integer partitions) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, partitions);
    }

    /** The SGD recipe of a scoring run. */
    public SgdRecipe recipe() {
        return new SgdRecipe(batchSize, lr, momentum, weightDecay);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public ScoreSettings withModel(ModelSpec model) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withRuns(int runs) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withEpochs(int epochs) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withBatchSize(int batchSize) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withLr(double lr) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withMomentum(double momentum) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withWeightDecay(double weightDecay) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withSeed(long seed) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withEvalBatch(int evalBatch) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withLabelNoise(double labelNoise) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }

    public ScoreSettings withNoiseSeed(long noiseSeed) {
        return new ScoreSettings(model, runs, epochs, batchSize, lr, momentum, weightDecay, seed, grand, evalBatch,
                labelNoise, noiseSeed, measureOverhead, scorePartitions);
    }
}
