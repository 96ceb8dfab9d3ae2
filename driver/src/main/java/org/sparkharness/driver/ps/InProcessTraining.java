package org.sparkharness.driver.ps;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.data.Shards;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.config.OptimizerConfig;

/**
 * Parameter-server training with every worker run in the calling thread ({@link InProcessRoundExecutor}): the
 * same rounds, training methods, checkpoints and evaluation as on Spark, without a scheduler. For benchmarks that
 * compare optimizers (scheduler noise would swamp a 1.1× goal) and for fast tests of the training methods.
 *
 * @param model     the network
 * @param optimizer the optimizer (any type)
 * @param ps        workers, backup, rounds, evaluation and checkpoint schedule (stragglers are not injected)
 * @param batchSize per-worker minibatch
 * @param seed      run seed
 */
public record InProcessTraining(ModelSpec model, OptimizerConfig optimizer, PsConfig ps, int batchSize, long seed) {
    private static final int EVAL_CHUNK = 1000;

    /**
     * Trains on {@code train}, evaluating on {@code test}; with {@code store} non-null it checkpoints there and, with
     * {@code resume}, continues from its newest checkpoint.
     */
    public TrainingSummary run(LabeledImages train, LabeledImages test, CheckpointStore store, boolean resume,
                               Consumer<String> progress) {
        return run(train, test, store, resume ? store.latest()
                .orElseThrow(() -> new IllegalStateException("no checkpoint to resume from")) : null, progress);
    }

    /**
     * Trains on {@code train} from {@code start} (null: from the seed's initial network), checkpointing to
     * {@code store} when it is non-null. The start checkpoint is only read, so one can seed several runs.
     */
    public TrainingSummary run(LabeledImages train, LabeledImages test, CheckpointStore store, Checkpoint start,
                               Consumer<String> progress) {
        InputShape input = InputShape.fashionMnist();
        NetworkAdapter layout = new NetworkAdapter(model.network(input, seed));
        List<WorkerShard> shards = Shards.split(train, ps.workers(), seed);
        TrainingMethod method = TrainingMethods.of(optimizer, new TrainingMethods.RunShape(
                shards.stream().mapToInt(WorkerShard::size).toArray(), batchSize, seed, train.numClasses(),
                layout::flatten));
        if (start == null) {
            start = new Checkpoint(0, seed, layout.params(), method.serverOptimizer().init(layout.params()), Map.of());
        }
        GradientTask task = new GradientTask(model, input, batchSize, seed, null, method.rule());
        WorkerShard testShard = Shards.split(test, 1, seed).get(0);
        EvalTask eval = new EvalTask(model, input, EVAL_CHUNK);
        ParameterServer server = new ParameterServer(new InProcessRoundExecutor(shards, task),
                flat -> eval.run(testShard, flat), layout, method, BackupPolicy.from(ps.backup(),
                optimizer.learningRate(), optimizer.plainSgd()), ps, seed,
                null, store, progress);
        return server.train(start);
    }
}
