package org.sparkharness.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.executors.worker.EvalResult;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.fashion.FashionMnistTable;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.data.table.TrainingTable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.data.ModelInput;
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
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.spark.PersistentRoundExecutor;
import org.sparkharness.driver.spark.TaskSlots;
import org.sparkharness.driver.spark.SparkEvaluator;
import org.sparkharness.driver.spark.SparkRoundExecutor;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Parameter-server training end to end: data (read by the executors) → cached worker shards → round loop → run
 * folder. Takes a running
 * Spark context so tests can share one; {@link org.sparkharness.driver.cli.TrainCommand} creates it for users.
 */
public final class TrainJob {
    private static final int CHECKPOINTS_KEPT = 3;
    private static final int EVAL_CHUNK = 1000;

    private final HarnessConfig config;
    private final Consumer<String> progress;
    /** The task-slot check ran (once per job: prepared data and its run share it). */
    private boolean slotsChecked;
    private org.sparkharness.driver.model.ModelSources.Resolved model;

    public TrainJob(HarnessConfig config, Consumer<String> progress) {
        this.config = validate(config);
        this.progress = progress;
    }

    /** Settings that are valid one by one but not together; named like the config fields. */
    static HarnessConfig validate(HarnessConfig c) {
        if (!c.data().isRegression()) return c;
        if (c.optimizer().tracksExamplesAcrossEpochs()) {
            throw new ConfigException("optimizer.type", ConfigLoader.subtypeName(c.optimizer()),
                    "needs data.task: classification (its trajectory term compares class probabilities); for "
                            + "regression use sgd, adamw, adafactor, adam-atan2, lion, sam or sven");
        }
        if (c.ps().stopAtAccuracy() != null) {
            throw new ConfigException("ps.stopAtAccuracy", c.ps().stopAtAccuracy(), "needs data.task: classification; "
                    + "a regression run can stop on its test mean squared error with ps.stopAtLoss");
        }
        return c;
    }

    /**
     * Fails in a second, before Spark starts, when Fashion-MNIST has not been fetched (a table's path is checked by
     * Spark's reader when {@link #prepare} runs, with the cluster's Hadoop settings).
     */
    public void checkData() {
        if (!config.data().isTable()) FashionMnist.requireFiles(config.data().dir(), HadoopConf.get());
    }

    /**
     * Reads the training data on the executors into cached worker shards: the driver gets the schema, counts and
     * shard sizes. The caller owns the result ({@link TrainingTable.Prepared#unpersist}); one preparation can serve
     * several runs with the same data settings, seed and workers.
     */
    public TrainingTable.Prepared prepare(JavaSparkContext jsc) {
        // The session over the running context; passing its conf again would only log that it is not reapplied.
        SparkSession spark = SparkSession.builder().getOrCreate();
        TableSpec spec = config.data().tableSpec(config.run().seed());
        int n = config.ps().workers();
        if (config.data().isTable()) return TrainingTable.load(spark, spec, n, progress);
        String dir = config.data().dir();
        Map<String, Object> source = new LinkedHashMap<>(FashionMnistTable.fingerprint(jsc, dir));
        progress.accept("Fashion-MNIST " + dir + " (" + source.get("kind") + "), read by the executors");
        return TrainingTable.prepare(new TrainingTable.Source(FashionMnistTable.rows(spark, dir),
                FashionMnistTable.LABELS, source), spec, n, progress);
    }

    /** Prepares the data, trains ({@link #run(JavaSparkContext, TrainingTable.Prepared, RunDirectory, boolean)}), releases it. */
    public TrainingSummary run(JavaSparkContext jsc, RunDirectory run, boolean resume) {
        resolvedModel(); // a model file that cannot be read or parsed fails before any Spark job
        requireSlots(jsc); // before the data jobs, which would otherwise wait for executors without a word
        TrainingTable.Prepared data = prepare(jsc);
        try {
            return run(jsc, data, run, resume);
        } finally {
            data.unpersist();
        }
    }

    /**
     * Trains on prepared data; {@code run} may be null (no files written). With {@code resume}, continues from the
     * run's newest checkpoint.
     */
    public TrainingSummary run(JavaSparkContext jsc, TrainingTable.Prepared data, RunDirectory run, boolean resume) {
        int n = config.ps().workers();
        long seed = config.run().seed();
        InputShape input = ModelInput.of(config, data.width(), data.outputs());
        org.sparkharness.driver.model.RunModel model = org.sparkharness.driver.model.RunModel.build(resolvedModel(),
                config.model(), input, seed, progress);
        NetworkAdapter layout = model.layout();
        TrainingMethod method = TrainingMethods.of(config.optimizer(), new TrainingMethods.RunShape(
                data.train().sizes(), config.data().batchSize(), seed, data.outputs(), layout::flatten));
        Optimizer optimizer = method.serverOptimizer();

        CheckpointStore store = run == null ? null : run.checkpoints(CHECKPOINTS_KEPT);
        Checkpoint start = resume
                ? store.latest(progress).orElseThrow(() -> new org.sparkharness.driver.run.RunSetupException(
                        "--resume: " + run + " has no checkpoint yet; start a fresh run instead"))
                : new Checkpoint(0, seed, layout.params(), optimizer.init(layout.params()), Map.of());
        if (resume && start.round() >= config.ps().rounds()) {
            throw new org.sparkharness.driver.run.RunSetupException("--resume: " + run + " already completed "
                    + start.round() + " of ps.rounds = " + config.ps().rounds() + " rounds; to train further pass e.g. "
                    + "--set ps.rounds=" + 2 * config.ps().rounds());
        }
        if (resume) progress.accept("resuming " + run + " after round " + start.round());

        MetricsLog metrics = run == null ? null : MetricsLog.open(run.fs(), run.file("metrics.jsonl"), start.round());
        TrainingSummary summary;
        try {
            requireSlots(jsc);
            var devices = org.sparkharness.driver.spark.DeviceProbe.run(jsc, config.ps().workers(), progress);
            if (run != null && !resume) {
                run.writeRunFiles("train", ConfigLoader.toYaml(config), config.run().seed(), jsc, data.description(),
                        Map.of("devices", devices));
            }
            if (run != null && resume) run.noteConfigChanges(ConfigLoader.toYaml(config), progress);
            GradientTask worker = new GradientTask(model.spec(), input, config.data().batchSize(), seed,
                    config.ps().stragglers(), method.rule());
            EvalTask eval = new EvalTask(model.spec(), input, EVAL_CHUNK);
            RoundExecutor executor;
            Function<INDArray, EvalResult> evaluator;
            if (config.ps().isPersistent()) {
                Duration timeout = Duration.ofSeconds(config.ps().roundTimeoutSeconds());
                PersistentRoundExecutor persistent = new PersistentRoundExecutor(jsc, data.train().rdd(),
                        data.test().rdd(), worker, eval, config.ps().port() == null ? 0 : config.ps().port(),
                        Duration.ofSeconds(config.ps().startupTimeoutSeconds()),
                        timeout.multipliedBy(2).plusMinutes(10), Duration.ofSeconds(config.ps().rejoinTimeoutSeconds()),
                        config.ps().maxWorkerFailures(), Duration.ofSeconds(config.ps().workerTimeoutSeconds()));
                executor = persistent;
                evaluator = persistent::evaluate;
            } else {
                executor = new SparkRoundExecutor(jsc, data.train().rdd(), worker);
                evaluator = new SparkEvaluator(jsc, data.test().rdd(), eval)::evaluate;
            }
            try (executor) {
                ParameterServer ps = new ParameterServer(executor, evaluator, layout, method,
                        BackupPolicy.from(config.ps().backup(), config.optimizer().learningRate(),
                                config.optimizer().plainSgd()), config.ps(), seed, metrics, store,
                        progress);
                summary = ps.train(start);
            }
        } finally {
            if (metrics != null) metrics.close();
        }
        if (run != null) {
            writeResults(run, layout, summary);
            progress.accept("report: " + RunReport.write(run.root().toString()));
        }
        return summary;
    }



    /** The configured network, read once (a dl4j config or saved model from its Hadoop URI). */
    private org.sparkharness.driver.model.ModelSources.Resolved resolvedModel() {
        if (model == null) model = org.sparkharness.driver.model.ModelSources.resolve(config.model());
        return model;
    }

    /**
     * A round runs its n workers at once: the application must hold n task slots, or rounds serialise without a word.
     * On a cluster, waits for the executors up to ps.startupTimeoutSeconds and then fails naming what was granted; a
     * local master's slots are known at once (the persistent engine refuses too few, the jobs engine warns).
     */
    private void requireSlots(JavaSparkContext jsc) {
        if (slotsChecked) return;
        slotsChecked = true;
        int n = config.ps().workers();
        TaskSlots.Grant g = TaskSlots.await(jsc.sc(), n, Duration.ofSeconds(config.ps().startupTimeoutSeconds()),
                "ps.workers = " + n, progress);
        if (g.slots() < n && !config.ps().isPersistent()) {
            progress.accept("warning: " + g + " for ps.workers = " + n + ": each round's tasks queue for the slots");
        }
    }

    private static void writeResults(RunDirectory run, NetworkAdapter layout, TrainingSummary s) {
        layout.setParams(s.params());
        run.writeModel(layout.network().model());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rounds", s.rounds());
        summary.put("test_accuracy", s.lastEval().regression() ? null : s.lastEval().accuracy());
        if (s.lastEval().regression()) summary.put("test_rmse", s.lastEval().rmse());
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
