package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;

/**
 * {@code data.task: regression} from tables ({@code testdata/tables/linear-*}, and a csv of its first target written
 * here): targets from an array column and from a number column, a linear model
 * that reaches the least-squares optimum computed here in closed form, every optimizer that applies, the run's
 * metrics and summary in RMSE, and bad targets refused by name.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RegressionTableSparkIT {
    static final int FEATURES = TableFixtures.LINEAR_FEATURES;
    static final int TARGETS = TableFixtures.LINEAR_TARGETS;
    static final int TRAIN_ROWS = TableFixtures.LINEAR_TRAIN_ROWS;
    static final int TEST_ROWS = TableFixtures.LINEAR_TEST_ROWS;
    static final double NOISE = TableFixtures.LINEAR_NOISE;

    private static JavaSparkContext jsc;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("regression-table-test", 3);
        spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
        write(TableFixtures.linear(false), "train.csv");
        write(TableFixtures.linear(true), "test.csv");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    /** The regression fixture as csv: x0..x5 and y, the first target only. */
    private static void write(List<TableFixtures.Linear> examples, String name) {
        List<Row> rows = new ArrayList<>();
        StructType schema = new StructType();
        for (int j = 0; j < FEATURES; j++) schema = schema.add("x" + j, DataTypes.DoubleType);
        schema = schema.add("y", DataTypes.DoubleType);
        for (TableFixtures.Linear e : examples) {
            Object[] v = new Object[FEATURES + 1];
            for (int j = 0; j < FEATURES; j++) v[j] = e.x()[j];
            v[FEATURES] = e.y()[0];
            rows.add(RowFactory.create(v));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
        df.write().format("csv").option("header", "true").save(tmp.resolve(name).toString());
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double d : v) out.add(d);
        return out;
    }

    static HarnessConfig parquetConfig(String model, String optimizer, String ps) {
        return ConfigLoader.parse("""
                run: { seed: 3, output: %s }
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id, task: regression, batchSize: 32 }
                model: %s
                optimizer: %s
                ps: %s
                """.formatted(tmp.resolve("runs"), TableTrainingSparkIT.fixture("linear-parquet"),
                TableTrainingSparkIT.fixture("linear-test-parquet"), model,
                optimizer, ps), List.of());
    }

    /**
     * Root mean squared error on the test rows of the least-squares fit on the training rows (normal equations with a
     * bias column, solved by Gaussian elimination): the best any linear model can do here.
     */
    static double leastSquaresTestRmse(int targets) {
        List<TableFixtures.Linear> train = TableFixtures.linear(false);
        int d = FEATURES + 1;
        double sq = 0;
        List<TableFixtures.Linear> test = TableFixtures.linear(true);
        for (int t = 0; t < targets; t++) {
            double[][] m = new double[d][d + 1];
            for (TableFixtures.Linear e : train) {
                double[] z = withBias(e.x());
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) m[i][j] += z[i] * z[j];
                    m[i][d] += z[i] * e.y()[t];
                }
            }
            double[] w = solve(m);
            for (TableFixtures.Linear e : test) {
                double[] z = withBias(e.x());
                double p = 0;
                for (int i = 0; i < d; i++) p += w[i] * z[i];
                sq += (p - e.y()[t]) * (p - e.y()[t]);
            }
        }
        return Math.sqrt(sq / (TEST_ROWS * (double) targets));
    }

    private static double[] withBias(double[] x) {
        double[] z = java.util.Arrays.copyOf(x, x.length + 1);
        z[x.length] = 1;
        return z;
    }

    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int p = 0; p < n; p++) {
            int best = p;
            for (int r = p + 1; r < n; r++) if (Math.abs(m[r][p]) > Math.abs(m[best][p])) best = r;
            double[] swap = m[p];
            m[p] = m[best];
            m[best] = swap;
            for (int r = 0; r < n; r++) {
                if (r == p) continue;
                double f = m[r][p] / m[p][p];
                for (int c = p; c <= n; c++) m[r][c] -= f * m[p][c];
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = m[i][n] / m[i][i];
        return w;
    }

    @Test
    void aLinearModelOnTwoTargetsReachesTheLeastSquaresOptimum() throws Exception {
        HarnessConfig c = parquetConfig("{ type: logistic }", "{ type: adamw, lr: 0.05, weightDecay: 0.0 }",
                "{ workers: 2, rounds: 400, evalEvery: 100, logEvery: 1000 }");
        RunDirectory run = RunDirectory.create(c.run().output(), "linear");
        TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, run, false);
        double best = leastSquaresTestRmse(TARGETS);
        assertTrue(best > 0.8 * NOISE && best < 1.3 * NOISE, "the closed form recovers the noise level: " + best);
        assertTrue(s.lastEval().regression());
        assertTrue(Double.isNaN(s.lastEval().accuracy()), "a regression has no accuracy");
        assertTrue(s.lastEval().rmse() <= 1.1 * best, "harness RMSE " + s.lastEval().rmse() + " vs least squares " + best);
        assertEquals(s.lastEval().rmse() * s.lastEval().rmse(), s.lastEval().meanLoss(), 1e-9,
                "DL4J's MSE averages over the targets: the loss is the squared RMSE");

        Path dir = Path.of(run.root().toUri());
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(dir.resolve("manifest.json").toFile());
        assertEquals("regression", manifest.at("/data/task").asText(), manifest.toString());
        assertEquals(TARGETS, manifest.at("/data/outputs").asInt());
        JsonNode summary = json.readTree(dir.resolve("summary.json").toFile());
        assertTrue(summary.get("test_accuracy").isNull());
        assertEquals(s.lastEval().rmse(), summary.get("test_rmse").asDouble(), 1e-12);
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(4, lines.stream().filter(l -> l.contains("\"test_rmse\"")).count(), "evaluated every 100 rounds");
        assertFalse(lines.stream().anyMatch(l -> l.contains("test_accuracy")));
        String report = Files.readString(dir.resolve("report.html"));
        assertTrue(report.contains("Test RMSE"), "the report plots RMSE, not accuracy");
    }

    @Test
    void aNumberColumnIsOneTargetAndAnMlpLearnsIt() {
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3 }
                data: { source: table, format: csv, train: %s, test: %s, labelCol: y, task: regression,
                        options: { header: "true", inferSchema: "true" }, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 1.0e-2, weightDecay: 0.0 }
                ps: { workers: 3, rounds: 300, evalEvery: 300, logEvery: 1000 }
                """.formatted(tmp.resolve("train.csv"), tmp.resolve("test.csv")), List.of());
        TrainJob job = new TrainJob(c, line -> {});
        TrainingTable.Prepared p = job.prepare(jsc);
        try {
            assertEquals(1, p.outputs());
            assertEquals(FEATURES, p.width());
            assertEquals(TRAIN_ROWS, p.train().rows());
            TrainingSummary s = job.run(jsc, p, null, false);
            double spread = targetStd(0);
            assertTrue(s.lastEval().rmse() < 0.25 * spread, "RMSE " + s.lastEval().rmse() + " vs target std " + spread);
        } finally {
            p.unpersist();
        }
    }

    private static double targetStd(int t) {
        double sum = 0, sq = 0;
        for (TableFixtures.Linear e : TableFixtures.linear(true)) {
            sum += e.y()[t];
            sq += e.y()[t] * e.y()[t];
        }
        double mean = sum / TEST_ROWS;
        return Math.sqrt(sq / TEST_ROWS - mean * mean);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ type: sgd, lr: 0.05 }|{ policy: static, b: 1 }",
        "{ type: sgd, lr: 0.05 }|{ policy: dynamic, maxBackups: 1 }",
        "{ type: adafactor, lr: 3.0e-2, relativeStep: false }|{ policy: none }",
        "{ type: adam-atan2, lr: 1.0e-2 }|{ policy: none }",
        "{ type: lion, lr: 2.0e-2 }|{ policy: none }",
        "{ type: sven, lr: 0.5, k: 8 }|{ policy: none }",
        "{ type: sam, rho: 0.05, base: { type: adamw, lr: 1.0e-2 } }|{ policy: none }"})
    void everyOptimizerThatAppliesToRegressionLowersTheError(String setting) {
        String[] parts = setting.split("\\|");
        HarnessConfig c = parquetConfig("{ type: mlp, hidden: [16] }", parts[0],
                "{ workers: 2, rounds: 60, evalEvery: 60, logEvery: 1000, backup: " + parts[1] + " }");
        TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, null, false);
        assertTrue(s.params().firstNonFinite().isEmpty(), setting);
        double spread = Math.sqrt((Math.pow(targetStd(0), 2) + Math.pow(targetStd(1), 2)) / 2);
        assertTrue(s.lastEval().rmse() < 0.6 * spread, setting + ": RMSE " + s.lastEval().rmse() + " vs std " + spread);
    }

    @Test
    void badTargetsAreNamedAndSkippedRowsCounted() {
        List<Row> rows = new ArrayList<>();
        for (TableFixtures.Linear e : TableFixtures.linear(false).subList(0, 60)) {
            List<Double> y = boxed(e.y());
            if (e.id() == 7) y.set(1, Double.NaN);
            if (e.id() == 8) y = boxed(new double[] {1.0});
            if (e.id() == 9) y = null;
            rows.add(RowFactory.create(e.id(), boxed(e.x()), y));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
        Path bad = tmp.resolve("bad.parquet");
        spark.createDataFrame(rows, schema).write().parquet(bad.toString());
        String data = "data: { source: table, format: parquet, train: %s, test: %s, idCol: id, task: regression, "
                + "outputs: 2%s }";
        String test = TableTrainingSparkIT.fixture("linear-test-parquet");
        String fail = assertThrows(TableDataException.class, () -> new TrainJob(ConfigLoader.parse(
                data.formatted(bad, test, ""), List.of()), line -> {}).prepare(jsc)).getMessage();
        for (String key : List.of("missing_label", "non_finite_target", "target_count", "every row needs 2 target(s) "
                + "(data.outputs)", "id 7")) {
            assertTrue(fail.contains(key), key + " in: " + fail);
        }

        TrainingTable.Prepared p = new TrainJob(ConfigLoader.parse(data.formatted(bad, test, ", onBadRows: skip"),
                List.of()), line -> {}).prepare(jsc);
        try {
            assertEquals(57, p.train().rows());
            assertEquals(TEST_ROWS, p.test().rows());
            @SuppressWarnings("unchecked")
            Map<String, Long> train = (Map<String, Long>) ((Map<String, Object>) p.description().get("train")).get("bad_rows");
            assertEquals(Map.of("missing_label", 1L, "non_finite_target", 1L, "target_count", 1L), train);
        } finally {
            p.unpersist();
        }
    }

    @Test
    void aNumberLabelWithSeveralOutputsIsRefused() {
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: table, format: csv, train: %s, test: %s, labelCol: y, task: regression, outputs: 2,
                        options: { header: "true", inferSchema: "true" } }
                """.formatted(tmp.resolve("train.csv"), tmp.resolve("test.csv")), List.of());
        String m = assertThrows(TableDataException.class, () -> new TrainJob(c, line -> {}).prepare(jsc)).getMessage();
        assertTrue(m.contains("holds one number per row") && m.contains("data.outputs is 2"), m);
    }
}
