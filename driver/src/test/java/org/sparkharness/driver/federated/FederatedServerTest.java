package org.sparkharness.driver.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.RoundPlan;
import org.sparkharness.optimizers.ParamTable;

/**
 * The federated coordinator without Spark: clients in this JVM, with injected NaN updates, client failures and
 * slow clients, on FedProx's synthetic(1,1) data (12 clients, logistic regression).
 */
class FederatedServerTest {
    @TempDir
    Path dir;

    private HarnessConfig synthetic(String strategy, int rounds, String... sets) {
        return ConfigLoader.parse("""
                run: { name: t, seed: 1, output: %s }
                model: { type: logistic }
                optimizer: { type: sgd, lr: 0.01 }
                federated:
                  clients: 12
                  clientsPerRound: 6
                  rounds: %d
                  localEpochs: 2
                  batchSize: 10
                  logEvery: 1000
                  partition: { type: synthetic, alpha: 1, beta: 1 }
                  strategy: %s
                """.formatted(dir, rounds, strategy), List.of(sets));
    }

    /** In-process clients whose training goes wrong where {@code faulty} says (client, 0-based round). */
    private static final class FaultyClients extends InProcessClients {
        enum Fault { NAN, THROW, SLOW }

        private final Fault fault;
        private final BiPredicate<Integer, Long> faulty;

        FaultyClients(List<ClientData> clients, int partitions, Fault fault, BiPredicate<Integer, Long> faulty) {
            super(clients, partitions);
            this.fault = fault;
            this.faulty = faulty;
        }

        @Override
        public List<ClientUpdate> train(ClientRunner runner, RoundPlan plan) {
            for (int c : plan.tasks().keySet()) {
                if (fault == Fault.THROW && faulty.test(c, plan.round())) {
                    throw new IllegalStateException("client " + c + " lost its executor (injected)");
                }
            }
            List<ClientUpdate> out = new ArrayList<>();
            for (ClientUpdate u : super.train(runner, plan)) {
                if (!faulty.test(u.client(), plan.round())) {
                    out.add(u);
                } else if (fault == Fault.NAN) {
                    ParamTable p = u.params();
                    INDArray first = p.get(p.names().get(0));
                    first.putScalar(0, Double.NaN);
                    out.add(u);
                } else {
                    out.add(new ClientUpdate(u.client(), u.trainSize(), u.params(), u.mask(), u.epochs(), u.steps(),
                            u.meanLoss(), u.millis() + 60_000, u.straggler(), u.rejected()));
                }
            }
            return out;
        }
    }

    private FederatedSummary run(HarnessConfig c, java.util.function.Function<List<ClientData>, FederatedClients> clients,
                                 MetricsLog metrics) {
        return new FederateJob(c, line -> {}).runInProcess(new FederateJob(c, line -> {}).loadData(), clients, metrics);
    }

    private static void assertSameTables(ParamTable a, ParamTable b) {
        assertEquals(a.names(), b.names());
        for (String n : a.names()) assertEquals(a.get(n), b.get(n), n);
    }

    @Test
    void fedProxWithMuZeroIsFedAvgAndTheGroupingOfClientsDoesNotMatter() {
        FederatedSummary avg = run(synthetic("{ type: fedavg }", 4), d -> new InProcessClients(d, 1), null);
        FederatedSummary prox = run(synthetic("{ type: fedprox, mu: 0 }", 4), d -> new InProcessClients(d, 3), null);
        assertSameTables(avg.global(), prox.global());
        assertEquals(avg.bytesUp(), prox.bytesUp());
        assertTrue(avg.lastEval().globalAccuracy() > 0, "evaluated after the last round");
    }

    @Test
    void aNonFiniteUpdateIsRejectedCountedAndLoggedWhileTheOthersAggregate() throws Exception {
        HarnessConfig c = synthetic("{ type: fedavg }", 3, "federated.clientsPerRound=12");
        Path file = dir.resolve("metrics.jsonl");
        FederatedSummary s;
        try (MetricsLog m = MetricsLog.open(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(file.toUri()), 0)) {
            s = run(c, d -> new FaultyClients(d, 2, FaultyClients.Fault.NAN, (client, round) -> client == 3), m);
        }
        assertEquals(3, s.rejected());
        assertTrue(s.global().firstNonFinite().isEmpty(), "the NaN update must not reach the global model");
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        for (String l : lines) {
            JsonNode e = MetricsLog.JSON.readTree(l);
            assertEquals(1, e.get("rejected").asInt(), l);
            assertEquals(11, e.get("accepted").asInt(), l);
            for (String k : List.of("round", "strategy", "sampled", "trained", "bytes_up", "bytes_down", "bytes_total",
                    "client_ms", "phase_ms", "round_ms", "global_accuracy", "personal_accuracy", "personal_model",
                    "eval_ms", "elapsed_s", "local_loss")) {
                assertTrue(e.has(k), "metrics line lacks " + k + ": " + l);
            }
        }
        // Uploads are counted for accepted updates only: 11 of 12 clients, each 4 bytes per parameter.
        long perClient = 4L * s.global().numParams();
        assertEquals(3 * 11 * perClient, s.bytesUp());
    }

    @Test
    void aSlowClientShowsInTheTimesAndChangesNothingElse() throws Exception {
        HarnessConfig c = synthetic("{ type: fedavg }", 2);
        FederatedSummary plain = run(c, d -> new InProcessClients(d, 2), null);
        Path file = dir.resolve("slow.jsonl");
        FederatedSummary slow;
        try (MetricsLog m = MetricsLog.open(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(file.toUri()), 0)) {
            slow = run(c, d -> new FaultyClients(d, 2, FaultyClients.Fault.SLOW, (client, round) -> true), m);
        }
        assertSameTables(plain.global(), slow.global());
        for (String l : Files.readAllLines(file)) {
            assertTrue(MetricsLog.JSON.readTree(l).get("client_ms").get("max").asLong() >= 60_000, l);
        }
    }

    @Test
    void aClientFailureEndsTheRunWithTheClientNamed() {
        HarnessConfig c = synthetic("{ type: fedavg }", 3, "federated.clientsPerRound=12");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(c,
                d -> new FaultyClients(d, 2, FaultyClients.Fault.THROW, (client, round) -> round == 1 && client == 5), null));
        assertTrue(e.getMessage().contains("client 5"), e.getMessage());
    }
}
