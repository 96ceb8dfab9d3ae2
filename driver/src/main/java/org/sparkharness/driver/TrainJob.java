package org.sparkharness.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.data.dataset.DatasetFingerprint;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.data.Shards;
import org.sparkharness.driver.ps.BackupPolicy;
import org.sparkharness.driver.ps.ParameterServer;
import org.sparkharness.driver.ps.TrainingMethod;
import org.sparkharness.driver.ps.TrainingMethods;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.report.RunReport;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.CachedShards;
import org.sparkharness.driver.spark.SparkEvaluator;
import org.sparkharness.driver.spark.SparkRoundExecutor;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizer;

/**
 * Parameter-server training end to end: data → cached worker shards → round loop → run folder. Takes a running
 * Spark context so tests can share one; {@link org.sparkharness.driver.cli.TrainCommand} creates it for users.
 */
public final class TrainJob {
    private static final int CHECKPOINTS_KEPT = 3;
    private static final int EVAL_CHUNK = 1000;

    private final HarnessConfig config;
    private final Consumer<String> progress;

    public TrainJob(HarnessConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Loaded data, split for the workers; loaded before Spark starts so a missing dataset fails fast. */
    public record Data(LabeledImages train, LabeledImages test, Map<String, Object> fingerprint) {}

    public Data loadData() {
        FashionMnist.Loaded loaded = FashionMnist.loadAll(config.data().dir());
        DatasetFingerprint f = loaded.fingerprint();
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("dataset", f.dataset());
        fp.put("dir", f.dir());
        fp.put("kind", f.kind());
        fp.put("description", f.description());
        fp.put("sha256", f.sha256());
        LabeledImages train = Shards.limit(loaded.train(), config.data().trainLimit());
        LabeledImages test = Shards.limit(loaded.test(), config.data().testLimit());
        fp.put("train_examples", train.size());
        fp.put("test_examples", test.size());
        return new Data(train, test, fp);
    }

    /**
     * Trains; {@code run} may be null (no files written). With {@code resume}, continues from the run's newest
     * checkpoint.
     */
    public TrainingSummary run(JavaSparkContext jsc, Data data, RunDirectory run, boolean resume) {
        int n = config.ps().workers();
        long seed = config.run().seed();
        InputShape input = InputShape.fashionMnist();
        NetworkAdapter layout = new NetworkAdapter(config.model().build(input, seed));
        List<WorkerShard> shards = Shards.split(data.train(), n, seed);
        TrainingMethod method = TrainingMethods.of(config.optimizer(), new TrainingMethods.RunShape(
                shards.stream().map(WorkerShard::ids).toList(), config.data().batchSize(), seed,
                data.train().numClasses(), layout::flatten));
        Optimizer optimizer = method.serverOptimizer();

        CheckpointStore store = run == null ? null : run.checkpoints(CHECKPOINTS_KEPT);
        Checkpoint start = resume
                ? store.latest().orElseThrow(() -> new org.sparkharness.driver.run.RunSetupException(
                        "--resume: " + run + " has no checkpoint yet; start a fresh run instead"))
                : new Checkpoint(0, seed, layout.params(), optimizer.init(layout.params()), Map.of());
        if (resume && start.round() >= config.ps().rounds()) {
            throw new org.sparkharness.driver.run.RunSetupException("--resume: " + run + " already completed "
                    + start.round() + " of ps.rounds = " + config.ps().rounds() + " rounds; to train further pass e.g. "
                    + "--set ps.rounds=" + 2 * config.ps().rounds());
        }
        if (resume) progress.accept("resuming " + run + " after round " + start.round());

        JavaRDD<WorkerShard> train = CachedShards.of(jsc, shards, "train shards");
        JavaRDD<WorkerShard> test = CachedShards.of(jsc, Shards.split(data.test(), Math.min(n, data.test().size()), seed), "test shards");
        MetricsLog metrics = run == null ? null : MetricsLog.open(run.fs(), run.file("metrics.jsonl"), start.round());
        TrainingSummary summary;
        try {
            if (run != null && !resume) {
                run.writeRunFiles("train", ConfigLoader.toYaml(config), config.run().seed(), jsc, data.fingerprint());
            }
            if (run != null && resume) run.noteConfigChanges(ConfigLoader.toYaml(config), progress);
            GradientTask worker = new GradientTask(config.model(), input, config.data().batchSize(), seed,
                    config.ps().stragglers(), method.rule());
            ParameterServer ps = new ParameterServer(
                    new SparkRoundExecutor(jsc, train, worker),
                    new SparkEvaluator(jsc, test, new EvalTask(config.model(), input, EVAL_CHUNK))::evaluate,
                    layout, method, BackupPolicy.from(config.ps().backup(),
                            TrainingMethods.learningRate(config.optimizer()), TrainingMethods.isPlainSgd(config.optimizer())), config.ps(), seed,
                    metrics, store, progress);
            summary = ps.train(start);
        } finally {
            if (metrics != null) metrics.close();
            train.unpersist(false);
            test.unpersist(false);
        }
        if (run != null) {
            writeResults(run, layout, summary);
            progress.accept("report: " + RunReport.write(run.root().toString()));
        }
        return summary;
    }



    private static void writeResults(RunDirectory run, NetworkAdapter layout, TrainingSummary s) {
        layout.setParams(s.params());
        run.writeModel(layout.network());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rounds", s.rounds());
        summary.put("test_accuracy", s.lastEval().accuracy());
        summary.put("test_loss", s.lastEval().meanLoss());
        summary.put("train_seconds", s.trainSeconds());
        summary.put("eval_seconds", s.evalSeconds());
        summary.put("examples", s.examples());
        summary.put("examples_per_s", s.examplesPerSecond());
        summary.put("rejected_results", s.rejectedResults());
        summary.put("seconds_to_target", Double.isNaN(s.secondsToTarget()) ? null : s.secondsToTarget());
        run.writeJson("summary.json", summary);
    }
}
