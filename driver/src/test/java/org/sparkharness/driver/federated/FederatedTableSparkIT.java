package org.sparkharness.driver.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.federated.ClientSplit;
import org.sparkharness.data.federated.Partitioners;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.optimizers.config.ConfigException;
import scala.Tuple2;

/**
 * Federated clients read by the executors: natural clients from a table's column, the existing partitioners over a
 * table, and Fashion-MNIST clients equal to the partitioner's index lists (the in-memory loader's splits).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FederatedTableSparkIT {
    private static JavaSparkContext jsc;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("federated-table-test", 2);
        spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    static String blobs(String split) {
        return Path.of(System.getProperty("harness.root", "."), "testdata", "tables", "blobs-" + split + "parquet").toString();
    }

    /** Client id → (train ids, test ids). */
    static Map<Integer, long[][]> members(FederatedTable.Prepared p) {
        Map<Integer, long[][]> out = new TreeMap<>();
        for (Tuple2<Integer, long[][]> t : p.clients().map(c -> new Tuple2<>(c.client(),
                new long[][] {c.train().ids(), c.test().ids()})).collect()) {
            out.put(t._1(), t._2());
        }
        return out;
    }

    @Test
    void oneClientPerValueOfAColumnWithItsOwnRows() {
        // Users u0..u6, user = 3 id mod 7.
        Path table = tmp.resolve("users.parquet");
        spark.read().parquet(blobs("")).selectExpr("*", "concat('u', cast((id * 3) % 7 as string)) as author")
                .write().parquet(table.toString());
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 2 }
                data: { source: table, format: parquet, train: %s, idCol: id, validationFraction: 0.2 }
                model: { type: mlp, hidden: [16] }
                optimizer: { type: sgd, lr: 0.1 }
                federated: { clients: 3, clientsPerRound: 3, rounds: 3, localEpochs: 1, batchSize: 16, evalEvery: 3,
                             logEvery: 100, partition: { type: column, column: author }, strategy: { type: fedavg } }
                """.formatted(table), List.of());
        FederatedTable.Prepared p = FederatedTable.prepare(jsc, c, null, line -> {});
        try {
            assertEquals(7, p.count());
            Map<Integer, long[][]> m = members(p);
            assertEquals(7, m.size());
            long total = 0;
            for (int client = 0; client < 7; client++) {
                // Clients are numbered by the sorted values: client k is user "uk".
                int user = client;
                long[] train = m.get(client)[0];
                long[] test = m.get(client)[1];
                total += train.length + test.length;
                for (long id : train) assertEquals(user, (id * 3) % 7, "client " + client + " holds id " + id);
                for (long id : test) assertEquals(user, (id * 3) % 7, "client " + client + " holds test id " + id);
                for (int i = 1; i < train.length; i++) assertTrue(train[i - 1] < train[i], "rows sorted by id");
            }
            assertEquals(600, total);
        } finally {
            p.clients().unpersist(false);
        }
        FederatedSummary s = new FederateJob(c, line -> {}).run(jsc, null, false);
        assertEquals(3, s.rounds());
        assertTrue(s.global().firstNonFinite().isEmpty());
    }

    @Test
    void theExistingPartitionersSplitATable() {
        for (String partition : List.of("{ type: iid }", "{ type: dirichlet, alpha: 0.5, trainPerClient: 60, testPerClient: 20 }",
                "{ type: shards, shardsPerClient: 2, testPerClient: 20 }")) {
            HarnessConfig c = ConfigLoader.parse("""
                    run: { seed: 3 }
                    data: { source: table, format: parquet, train: %s, test: %s, idCol: id }
                    model: { type: mlp, hidden: [16] }
                    optimizer: { type: sgd, lr: 0.1 }
                    federated: { clients: 6, clientsPerRound: 6, rounds: 8, localEpochs: 1, batchSize: 16, evalEvery: 8,
                                 logEvery: 100, partition: %s, strategy: { type: fedavg } }
                    """.formatted(blobs(""), blobs("test-"), partition), List.of());
            FederatedSummary s = new FederateJob(c, line -> {}).run(jsc, null, false);
            assertEquals(8, s.rounds(), partition);
            assertTrue(s.lastEval().globalAccuracy() > 0.5, partition + ": accuracy " + s.lastEval().globalAccuracy());
        }
    }

    /** Every federated strategy trains from a table's natural clients (one per writer in the parquet fixture). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{ type: fedprox, mu: 0.01 }",
        "{ type: fedcac, tau: 0.5, beta: 17 }", "{ type: fedpara, gamma: 0.5 }", "{ type: pfedpara, gamma: 0.5 }"})
    void everyStrategyTrainsFromATable(String strategy) {
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 4 }
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id }
                model: { type: mlp, hidden: [16] }
                optimizer: { type: sgd, lr: 0.1 }
                federated: { clients: 12, clientsPerRound: 6, rounds: 6, localEpochs: 1, batchSize: 16, evalEvery: 6,
                             logEvery: 100, partition: { type: iid }, strategy: %s }
                """.formatted(blobs(""), blobs("test-"), strategy), List.of());
        FederatedSummary s = new FederateJob(c, line -> {}).run(jsc, null, false);
        assertEquals(6, s.rounds(), strategy);
        assertTrue(s.global().firstNonFinite().isEmpty(), strategy);
        double accuracy = strategy.contains("fedcac") || strategy.contains("pfedpara")
                ? s.lastEval().personalAccuracy() : s.lastEval().globalAccuracy();
        assertTrue(accuracy > 0.5, strategy + ": accuracy " + accuracy);
    }

    /** Fashion-MNIST ids are the file indices, so each client holds exactly the partitioner's rows, in its order. */
    @Test
    void fashionMnistClientsAreThePartitionersIndexLists() {
        String dir = TestData.miniFashionMnist();
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 4 }
                data: { dir: %s }
                federated: { clients: 5, clientsPerRound: 5, partition: { type: dirichlet, alpha: 0.3, trainPerClient: 60, testPerClient: 20 } }
                """.formatted(dir), List.of());
        LabeledImages train = FashionMnist.load(dir, Split.TRAIN);
        LabeledImages test = FashionMnist.load(dir, Split.TEST);
        List<ClientSplit> expected = Partitioners.dirichlet(train.labels(), test.labels(), 10, 5, 0.3, 60, 20, 4);
        FederatedTable.Prepared p = FederatedTable.prepare(jsc, c, 3, line -> {});
        try {
            Map<Integer, long[][]> m = members(p);
            for (ClientSplit s : expected) {
                assertArrayEquals(Arrays.stream(s.train()).asLongStream().toArray(), m.get(s.client())[0], "train of " + s.client());
                assertArrayEquals(Arrays.stream(s.test()).asLongStream().toArray(), m.get(s.client())[1], "test of " + s.client());
            }
            ClientData first = p.clients().first();
            assertEquals(784, first.train().features().size(1));
        } finally {
            p.clients().unpersist(false);
        }
    }

    @Test
    void aMissingClientColumnAndSyntheticOverATableAreRefused() {
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: table, format: parquet, train: %s, idCol: id }
                federated: { partition: { type: column, column: writer } }
                """.formatted(blobs("")), List.of());
        String m = assertThrows(org.sparkharness.data.table.TableDataException.class,
                () -> FederatedTable.prepare(jsc, c, null, line -> {})).getMessage();
        assertTrue(m.contains("no column 'writer'") && m.contains("federated.partition.column"), m);
        assertThrows(ConfigException.class, () -> new FederateJob(ConfigLoader.parse("""
                data: { source: table, format: parquet, train: %s }
                federated: { partition: { type: synthetic } }
                """.formatted(blobs("")), List.of()), line -> {}));
    }
}
