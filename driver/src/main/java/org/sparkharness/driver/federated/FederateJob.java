package org.sparkharness.driver.federated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.FederatedConfig;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.config.PartitionConfig;
import org.sparkharness.driver.report.RunReport;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.run.RunSetupException;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.client.ClientEvaluator;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientStore;
import org.sparkharness.executors.client.LocalTraining;
import org.sparkharness.executors.client.PersonalModel;
import org.sparkharness.executors.client.Trainables;
import org.sparkharness.executors.fedpara.FedPara;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.ConfigException;
import org.sparkharness.data.fashion.FashionMnist;

/**
 * A federated simulation end to end: clients → cached RDD → round loop → run folder. Takes a running Spark context
 * so tests can share one; {@link org.sparkharness.driver.cli.FederateCommand} creates it for users.
 */
public final class FederateJob {
    private static final int CHECKPOINTS_KEPT = 3;
    private static final int EVAL_CHUNK = 1000;

    private final HarnessConfig config;
    private final Consumer<String> progress;

    public FederateJob(HarnessConfig config, Consumer<String> progress) {
        this.config = validate(config);
        this.progress = progress;
    }

    /** Settings that are valid one by one but not together; named like the config fields. */
    static HarnessConfig validate(HarnessConfig c) {
        if (c.optimizer().tracksExamplesAcrossEpochs()) {
            throw new ConfigException("optimizer.type", ConfigLoader.subtypeName(c.optimizer()),
                    "saf and mesa keep per-example memory or a teacher across global epochs and are not available as "
                            + "local optimizers; use sgd, adamw, adafactor, adam-atan2, lion, sam or sven");
        }
        if (c.data().isRegression()) {
            throw new ConfigException("data.task", "regression", "federate trains classifiers (its strategies, client "
                    + "metrics and partitioners work with classes); train a regression with harness train");
        }
        if (c.federated().partition() instanceof PartitionConfig.Synthetic && c.data().isTable()) {
            throw new ConfigException("federated.partition.type", "synthetic", "generates its own data and would ignore "
                    + "the table in data: use iid, dirichlet, shards or column");
        }
        if (c.federated().partition() instanceof PartitionConfig.Synthetic && c.model() instanceof LeNetSpec) {
            throw new ConfigException("model.type", "cnn", "synthetic data has 60 features, not images: use logistic or mlp");
        }
        return c;
    }

    /** Synthetic clients, generated on the driver (other sources are read by the executors in {@link #run}). */
    public FederatedData loadData() {
        return FederatedData.build(config);
    }

    /** Fails in a second, before Spark starts, when Fashion-MNIST has not been fetched. */
    public void checkData() {
        if (!config.data().isTable() && !(config.federated().partition() instanceof PartitionConfig.Synthetic)) {
            FashionMnist.requireFiles(config.data().dir(), HadoopConf.get());
        }
    }

    /**
     * Runs the simulation on the configured data: synthetic clients generated here, or Fashion-MNIST / a table read
     * and partitioned by the executors ({@link FederatedTable}). With {@code partition: column} the number of
     * clients comes from the data and replaces {@code federated.clients}.
     */
    public FederatedSummary run(JavaSparkContext jsc, RunDirectory run, boolean resume) {
        if (config.federated().partition() instanceof PartitionConfig.Synthetic) {
            return run(jsc, loadData(), run, resume);
        }
        FederatedTable.Prepared data = FederatedTable.prepare(jsc, config, config.federated().partitions(), progress);
        HarnessConfig effective = config;
        if (data.count() != config.federated().clients()) {
            effective = config.withFederated(config.federated().withClients(data.count()));
            progress.accept("federated.clients = " + data.count() + " (from the data)");
        }
        try (SparkClients clients = new SparkClients(jsc, data.clients(), data.partitions())) {
            return new FederateJob(effective, progress).run(jsc, clients, data.input(), data.description(), run, resume);
        }
    }

    /**
     * Runs the simulation; {@code run} may be null (no files written, client store in a temporary folder). With
     * {@code resume}, continues from the run's newest checkpoint.
     */
    public FederatedSummary run(JavaSparkContext jsc, FederatedData data, RunDirectory run, boolean resume) {
        FederatedConfig fed = config.federated();
        int partitions = fed.partitions() != null ? fed.partitions() : Math.min(fed.clients(), 2 * jsc.defaultParallelism());
        try (SparkClients clients = new SparkClients(jsc, data.clients(), partitions)) {
            return run(jsc, clients, data.input(), data.description(), run, resume);
        }
    }

    /**
     * What a run sets up before its first round, with or without Spark: the model and its parameterisation, the
     * clients' local training and store, and the strategy.
     */
    private record Setup(HarnessConfig config, NetworkAdapter layout, Parameterisation parameterisation,
                         ParamTable initialGlobal, ParamTable initialLocal, List<String> order, LocalTraining training,
                         ClientStore store, Strategy strategy, Consumer<String> progress) {
        FederatedServer server(FederatedClients clients, MetricsLog metrics, CheckpointStore checkpoints) {
            FederatedConfig fed = config.federated();
            return new FederatedServer(clients, new ClientRunner(training, store),
                    new ClientEvaluator(training, store, strategy.personalModel(), EVAL_CHUNK, fed.evalTrainLoss()),
                    strategy, fed, config.run().seed(), initialLocal, order, metrics, checkpoints, progress);
        }
    }

    private Setup setUp(InputShape input, String storeRoot) {
        FederatedConfig fed = config.federated();
        long seed = config.run().seed();
        org.sparkharness.driver.model.RunModel model = org.sparkharness.driver.model.RunModel.build(
                org.sparkharness.driver.model.ModelSources.resolve(config.model()), config.model(), input, seed, progress);
        NetworkAdapter layout = model.layout();
        Parameterisation p = fed.strategy().parameterisation(layout.params());
        if (p instanceof FedPara fp) progress.accept("FedPara factorisation:\n" + fp.report());
        ParamTable trainable = p.init(layout.params(), seed);
        List<String> order = trainable.names();
        ParamTable initialLocal = Trainables.select(trainable, p.localNames(), true);
        ParamTable initialGlobal = Trainables.select(trainable, p.localNames(), false);
        ObjectiveOptimizer optimizer = Optimizers.fromConfig(config.optimizer());
        LocalTraining training = new LocalTraining(model.spec(), input, p, optimizer, fed.batchSize(), seed);
        ClientStore store = new ClientStore(storeRoot, (long) fed.checkpointEvery() * CHECKPOINTS_KEPT + 1);
        Strategy strategy = fed.strategy().build(store,
                p.localNames().isEmpty() ? PersonalModel.GLOBAL : PersonalModel.GLOBAL_WITH_LOCAL);
        return new Setup(config, layout, p, initialGlobal, initialLocal, order, training, store, strategy, progress);
    }

    /**
     * The simulation in this JVM, without Spark or run files ({@code clients} wraps the data's clients, e.g.
     * {@link InProcessClients}): for single-JVM baselines and for testing the coordinator.
     */
    public FederatedSummary runInProcess(FederatedData data, java.util.function.Function<List<ClientData>, FederatedClients> clients,
                                         MetricsLog metrics) {
        Setup setup = setUp(data.input(), storeRoot(null));
        try (FederatedClients c = clients.apply(data.clients())) {
            return setup.server(c, metrics, null).run(FederatedServer.initial(config.run().seed(), setup.initialGlobal()));
        }
    }

    private FederatedSummary run(JavaSparkContext jsc, FederatedClients clients, InputShape input,
                                 Map<String, Object> description, RunDirectory run, boolean resume) {
        FederatedConfig fed = config.federated();
        long seed = config.run().seed();
        Setup setup = setUp(input, storeRoot(run));
        NetworkAdapter layout = setup.layout();
        Parameterisation p = setup.parameterisation();
        ParamTable initialLocal = setup.initialLocal();
        CheckpointStore checkpoints = run == null ? null : run.checkpoints(CHECKPOINTS_KEPT);
        Checkpoint start = resume ? checkpoints.latest(progress).orElseThrow(() -> new RunSetupException(
                "--resume: " + run + " has no checkpoint yet; start a fresh run instead"))
                : FederatedServer.initial(seed, setup.initialGlobal());
        if (resume && start.round() >= fed.rounds()) {
            throw new RunSetupException("--resume: " + run + " already completed " + start.round()
                    + " of federated.rounds = " + fed.rounds() + " rounds; to train further pass e.g. --set federated.rounds="
                    + 2 * fed.rounds());
        }
        if (resume) progress.accept("resuming " + run + " after round " + start.round());

        MetricsLog metrics = run == null ? null : MetricsLog.open(run.fs(), run.file("metrics.jsonl"), start.round());
        FederatedSummary summary;
        try {
            var devices = org.sparkharness.driver.spark.DeviceProbe.run(jsc, jsc.defaultParallelism(), progress);
            if (run != null && !resume) {
                Map<String, Object> described = new LinkedHashMap<>(description);
                described.put("partition", String.valueOf(described.get("partition")));
                run.writeRunFiles("federate", ConfigLoader.toYaml(config), seed, jsc, described,
                        Map.of("devices", devices));
            }
            if (run != null && resume) run.noteConfigChanges(ConfigLoader.toYaml(config), progress);
            summary = setup.server(clients, metrics, checkpoints).run(start);
        } finally {
            if (metrics != null) metrics.close();
        }
        if (run != null) {
            writeResults(run, layout, p.compose(Trainables.join(summary.global(), initialLocal, setup.order())), summary);
            progress.accept("report: " + RunReport.write(run.root().toString()));
        }
        return summary;
    }

    private static String storeRoot(RunDirectory run) {
        if (run != null) return run.file("clients").toString();
        try {
            return Files.createTempDirectory("spark-harness-clients").toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary client store", e);
        }
    }


    private static void writeResults(RunDirectory run, NetworkAdapter layout, ParamTable dense, FederatedSummary s) {
        layout.setParams(dense);
        run.writeModel(layout.network().model());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rounds", s.rounds());
        if (s.lastEval() != null) summary.putAll(MetricsLog.JSON.convertValue(s.lastEval(), Map.class));
        summary.put("bytes_up", s.bytesUp());
        summary.put("bytes_down", s.bytesDown());
        summary.put("client_updates", s.clientUpdates());
        summary.put("client_updates_per_s", s.clientUpdatesPerSecond());
        summary.put("rejected_updates", s.rejected());
        summary.put("seconds", s.seconds());
        run.writeJson("summary.json", summary);
    }
}
