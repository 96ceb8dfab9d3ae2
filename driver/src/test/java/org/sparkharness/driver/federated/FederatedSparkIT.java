package org.sparkharness.driver.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.client.ClientStore;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.ParamTable;

/**
 * Federated simulation end to end on local Spark: the invariants of docs/algorithms/federated.md §10 G0 (FedProx μ = 0
 * is FedAvg, partition independence, resume), rejection of non-finite updates, and the run folder.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FederatedSparkIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path runs;

    @BeforeAll
    static void start() {
        jsc = new JavaSparkContext(SparkSetup.conf("federated-test", "local[2]", Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    /** FedProx's synthetic(1,1) set-up, scaled down: 12 clients, 6 per round, E = 3, B = 10, lr 0.01. */
    private static HarnessConfig synthetic(String name, String strategy, double stragglers, int rounds, String... sets) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 1, output: %s }
                model: { type: logistic }
                optimizer: { type: sgd, lr: 0.01 }
                federated:
                  clients: 12
                  clientsPerRound: 6
                  rounds: %d
                  localEpochs: 3
                  batchSize: 10
                  stragglers: %s
                  logEvery: 1000
                  partition: { type: synthetic, alpha: 1, beta: 1 }
                  strategy: %s
                """.formatted(name, runs, rounds, stragglers, strategy), List.of(sets));
    }

    /** Fashion-MNIST mini, Dirichlet(0.3) over 8 clients of 60/20 examples, a small MLP. */
    private static HarnessConfig fashion(String name, String strategy, int rounds) {
        return fashion(name, "{ type: mlp, hidden: [32] }", strategy, rounds);
    }

    private static HarnessConfig fashion(String name, String model, String strategy, int rounds) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 5, output: %s }
                data: { dir: %s }
                model: %s
                optimizer: { type: sgd, lr: 0.05, momentum: 0.5 }
                federated:
                  clients: 8
                  clientsPerRound: 8
                  rounds: %d
                  localEpochs: 1
                  batchSize: 20
                  checkpointEvery: 2
                  logEvery: 1000
                  partition: { type: dirichlet, alpha: 0.3, trainPerClient: 60, testPerClient: 20 }
                  strategy: %s
                """.formatted(name, runs, TestData.miniFashionMnist(), model, rounds, strategy), List.of());
    }

    private static FederatedSummary run(HarnessConfig c, RunDirectory run, boolean resume) {
        FederateJob job = new FederateJob(c, line -> {});
        return job.run(jsc, run, resume);
    }

    private static void assertSameTables(ParamTable a, ParamTable b, String what) {
        assertEquals(a.names(), b.names(), what);
        for (String n : a.names()) assertEquals(a.get(n), b.get(n), what + ": " + n);
    }

    @Test
    void fedAvgAndFedParaTrainAComputationGraph() {
        String graph = "{ type: dl4j, config: " + java.nio.file.Path.of(System.getProperty("harness.root", ".."))
                .resolve("examples/models/two-branch-graph.json") + " }";
        FederatedSummary avg = run(fashion("graph-avg", graph, "{ type: fedavg }", 8), null, false);
        FederatedSummary para = run(fashion("graph-para", graph, "{ type: fedpara, gamma: 0.5 }", 8), null, false);
        assertTrue(avg.global().names().contains("wide_W"), avg.global().names().toString());
        assertTrue(avg.lastEval().globalAccuracy() > 0.4, "FedAvg on the graph: " + avg.lastEval());
        assertTrue(para.lastEval().globalAccuracy() > 0.3, "FedPara on the graph: " + para.lastEval());
        assertTrue(para.bytesUp() < 0.8 * avg.bytesUp(), "FedPara's low-rank factors of the graph's dense weights "
                + "send less: " + para.bytesUp() + " against " + avg.bytesUp() + " bytes");
    }

    /** FedPara factorises a convolutional graph's kernels (tensor form) as well as its dense weights, and it learns. */
    @Test
    void fedParaTrainsAConvolutionalGraph() {
        String graph = "{ type: dl4j, config: " + java.nio.file.Path.of(System.getProperty("harness.root", ".."))
                .resolve("examples/models/two-branch-conv-graph.json") + " }";
        FederatedSummary avg = run(fashion("conv-avg", graph, "{ type: fedavg }", 6), null, false);
        FederatedSummary para = run(fashion("conv-para", graph, "{ type: fedpara, gamma: 0.3 }", 6), null, false);
        assertTrue(avg.global().names().contains("mix_W"), avg.global().names().toString());
        assertTrue(avg.lastEval().globalAccuracy() > 0.4, "FedAvg on the conv graph: " + avg.lastEval());
        assertTrue(para.lastEval().globalAccuracy() > 0.3, "FedPara on the conv graph: " + para.lastEval());
        assertTrue(para.bytesUp() < 0.5 * avg.bytesUp(), "FedPara sends low-rank factors of the kernels and the "
                + "dense weights: " + para.bytesUp() + " against " + avg.bytesUp() + " bytes");
    }

    @Test
    void fedProxWithMuZeroAndNoStragglersIsFedAvgBitForBit() {
        FederatedSummary avg = run(synthetic("g02-avg", "{ type: fedavg }", 0, 20), null, false);
        FederatedSummary prox = run(synthetic("g02-prox", "{ type: fedprox, mu: 0 }", 0, 20), null, false);
        assertSameTables(avg.global(), prox.global(), "FedProx(mu=0) vs FedAvg after 20 rounds");
        FederatedSummary mu = run(synthetic("g02-mu", "{ type: fedprox, mu: 1 }", 0, 20), null, false);
        assertNotEquals(avg.global().get("0_W"), mu.global().get("0_W"), "mu > 0 must change the result");
        assertTrue(avg.lastEval().globalAccuracy() > 0.3, "FedAvg learns: " + avg.lastEval().globalAccuracy());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfPartitions() {
        ParamTable one = run(synthetic("g03", "{ type: fedprox, mu: 0.5 }", 0.5, 6, "federated.partitions=1"), null, false).global();
        for (int p : new int[] {2, 8}) {
            ParamTable other = run(synthetic("g03", "{ type: fedprox, mu: 0.5 }", 0.5, 6, "federated.partitions=" + p), null, false).global();
            assertSameTables(one, other, p + " partitions vs 1");
        }
    }

    @Test
    void stragglersAreDroppedByFedAvgAndKeptWithPartialWorkByFedProx() throws Exception {
        HarnessConfig avgCfg = synthetic("stragglers-avg", "{ type: fedavg }", 0.5, 3);
        RunDirectory avgRun = RunDirectory.create(avgCfg.run().output(), avgCfg.run().name());
        run(avgCfg, avgRun, false);
        HarnessConfig proxCfg = synthetic("stragglers-prox", "{ type: fedprox, mu: 1 }", 0.5, 3);
        RunDirectory proxRun = RunDirectory.create(proxCfg.run().output(), proxCfg.run().name());
        run(proxCfg, proxRun, false);
        for (JsonNode e : metrics(avgRun)) {
            assertEquals(3, e.get("stragglers").asInt());
            assertEquals(3, e.get("dropped").asInt());
            assertEquals(3, e.get("trained").asInt());
        }
        for (JsonNode e : metrics(proxRun)) {
            assertEquals(0, e.get("dropped").asInt());
            assertEquals(6, e.get("trained").asInt());
            assertTrue(e.get("bytes_up").asLong() == 6L * 4 * 610, "6 uploads of 610 floats: " + e.get("bytes_up"));
            assertTrue(e.get("bytes_down").asLong() == 6L * 4 * 610);
        }
    }

    @Test
    void fedCacResumesToTheSameParametersAndPersonalModels() throws Exception {
        checkResume("{ type: fedcac, tau: 0.5, beta: 3 }", "cac");
    }

    @Test
    void pFedParaResumesToTheSameParametersAndLocalFactors() throws Exception {
        checkResume("{ type: pfedpara, gamma: 0.5 }", "pfp");
    }

    private void checkResume(String strategy, String tag) throws Exception {
        HarnessConfig full = fashion("resume-full-" + tag, strategy, 6);
        RunDirectory fullRun = RunDirectory.create(full.run().output(), full.run().name());
        FederatedSummary uninterrupted = run(full, fullRun, false);

        HarnessConfig first = fashion("resume-part-" + tag, strategy, 4);
        RunDirectory partRun = RunDirectory.create(first.run().output(), first.run().name());
        run(first, partRun, false);
        FederatedSummary resumed = run(fashion("resume-part-" + tag, strategy, 6), partRun, true);

        assertSameTables(uninterrupted.global(), resumed.global(), strategy + " global after resume");
        ClientStore a = new ClientStore(fullRun.file("clients").toString(), 100);
        ClientStore b = new ClientStore(partRun.file("clients").toString(), 100);
        assertEquals(8, a.clientsStored());
        for (int c = 0; c < 8; c++) {
            assertSameTables(a.latest(c, 6).orElseThrow(), b.latest(c, 6).orElseThrow(), "client " + c + " state");
        }
        List<JsonNode> m = metrics(partRun);
        assertEquals(6, m.size(), "one metrics line per round after resume");
        JsonNode last = m.get(5);
        assertEquals(metrics(fullRun).get(5).get("personal_accuracy").asDouble(), last.get("personal_accuracy").asDouble());
        assertEquals(metrics(fullRun).get(5).get("bytes_total").asLong(), last.get("bytes_total").asLong());
        assertTrue(last.get("personal_accuracy").asDouble() > 0.3, strategy + " personalised accuracy " + last);
    }

    @Test
    void clientsInThisJvmTrainTheSameModelAsClientsOnSpark() {
        HarnessConfig c = synthetic("in-process", "{ type: fedprox, mu: 0.5 }", 0.5, 4);
        FederateJob job = new FederateJob(c, line -> {});
        FederatedSummary onSpark = job.run(jsc, job.loadData(), null, false);
        FederatedSummary here = job.runInProcess(job.loadData(), d -> new InProcessClients(d, 3), null);
        assertSameTables(onSpark.global(), here.global(), "global model");
        assertEquals(onSpark.bytesUp(), here.bytesUp());
        assertEquals(onSpark.lastEval(), here.lastEval());
    }

    @Test
    void aClientWithNonFiniteResultsIsRejectedAndCountedWhileTheOthersAggregate() throws Exception {
        HarnessConfig c = synthetic("nan-client", "{ type: fedavg }", 0, 2, "federated.clientsPerRound=12");
        FederateJob job = new FederateJob(c, line -> {});
        FederatedData clean = job.loadData();
        List<ClientData> poisoned = new ArrayList<>(clean.clients());
        ClientData bad = poisoned.get(3);
        INDArray x = bad.train().features().dup();
        x.putScalar(0, 0, Double.NaN);
        poisoned.set(3, new ClientData(3, new WorkerShard(3, x, bad.train().labels(), bad.train().ids()), bad.test()));
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        FederatedSummary s = job.run(jsc, new FederatedData(poisoned, clean.input(), clean.description()), run, false);
        assertEquals(2, s.rejected());
        assertTrue(s.global().firstNonFinite().isEmpty(), "the NaN client must not reach the global model");
        for (JsonNode e : metrics(run)) {
            assertEquals(1, e.get("rejected").asInt());
            assertEquals(11, e.get("accepted").asInt());
        }
    }

    @Test
    void aRunFolderHasMetricsWithTheFederatedFieldsAndAReport() throws Exception {
        HarnessConfig c = fashion("folder", "{ type: fedavg }", 2);
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        run(c, run, false);
        Path dir = Path.of(run.root().toUri());
        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "model.zip", "summary.json", "report.html")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        JsonNode e = metrics(run).get(1);
        for (String k : List.of("round", "strategy", "sampled", "trained", "accepted", "rejected", "bytes_up", "bytes_down",
                "bytes_total", "client_ms", "phase_ms", "global_accuracy", "personal_accuracy", "personal_accuracy_weighted",
                "personal_accuracy_std", "train_loss", "local_loss")) {
            assertTrue(e.has(k), "metrics line lacks " + k + ": " + e);
        }
        assertFalse(Files.readString(dir.resolve("report.html")).isEmpty());
    }

    private static List<JsonNode> metrics(RunDirectory run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(Path.of(run.file("metrics.jsonl").toUri()))) out.add(json.readTree(line));
        return out;
    }
}
