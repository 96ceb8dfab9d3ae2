package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.executors.worker.WorkerShard;
import scala.Tuple2;

/**
 * Training from the user's tables ({@code data.source: table}) on Spark: every format of {@code testdata/tables},
 * shards that do not depend on how the files are split, every optimizer and backup policy, standardisation fitted on
 * the training rows only, and accuracy on par with a plain DL4J fit of the same model on the same rows.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class TableTrainingSparkIT {
    private static JavaSparkContext jsc;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("table-training-test", 4);
        spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    static String fixture(String name) {
        return Path.of(System.getProperty("harness.root", "."), "testdata", "tables", name).toString();
    }

    /** A config over the fixture of {@code format}; {@code dataExtra} adds keys to {@code data:}. */
    static HarnessConfig config(String format, String dataExtra, String optimizer, String ps) {
        StringBuilder options = new StringBuilder("{");
        TableFixtures.readOptions(format).forEach((k, v) -> options.append(options.length() > 1 ? ", " : "")
                .append(k).append(": \"").append(v).append('"'));
        options.append('}');
        String id = format.equals("csv") || format.equals("libsvm") ? "" : "idCol: id, ";
        return ConfigLoader.parse("""
                run: { seed: 5 }
                data: { source: table, format: %s, train: %s, test: %s, options: %s, %s batchSize: 32 %s }
                model: { type: mlp, hidden: [16] }
                optimizer: %s
                ps: %s
                """.formatted(format, fixture("blobs-" + format), fixture("blobs-test-" + format), options, id,
                dataExtra, optimizer, ps), List.of());
    }

    static HarnessConfig config(String format) {
        return config(format, "", "{ type: adamw, lr: 1.0e-2 }", "{ workers: 3, rounds: 60, evalEvery: 60, logEvery: 1000 }");
    }

    /** Shard index → its ids, collected from the cached shards. */
    static Map<Integer, long[]> shardIds(TrainingTable.Prepared p, boolean test) {
        Map<Integer, long[]> out = new TreeMap<>();
        for (Tuple2<Integer, long[]> t : (test ? p.test() : p.train()).rdd()
                .map(s -> new Tuple2<>(s.index(), s.ids())).collect()) {
            out.put(t._1(), t._2());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "csv", "libsvm", "orc", "json"})
    void eachFormatIsReadByTheExecutorsAndTrains(String format) {
        TrainJob job = new TrainJob(config(format), line -> {});
        TrainingTable.Prepared p = job.prepare(jsc);
        try {
            assertEquals(TableFixtures.FEATURES, p.width());
            assertEquals(TableFixtures.CLASSES, p.outputs());
            assertEquals(TableFixtures.TRAIN_ROWS, p.train().rows());
            assertEquals(TableFixtures.TEST_ROWS, p.test().rows());
            assertEquals(3, p.train().sizes().length);
            TrainingSummary s = job.run(jsc, p, null, false);
            assertEquals(60, s.rounds());
            assertTrue(s.lastEval().accuracy() > 0.7, format + ": accuracy " + s.lastEval().accuracy());
        } finally {
            p.unpersist();
        }
    }

    @Test
    void shardsAndIdsAreTheSameHoweverTheFilesAreSplitAndOnEveryRun() throws Exception {
        for (String format : List.of("parquet", "csv")) {
            var frame = TableFixtures.frame(spark, TableFixtures.blobs(false), format);
            Path one = tmp.resolve(format + "-one");
            Path seven = tmp.resolve(format + "-seven");
            TableFixtures.write(frame, format, one);
            frame.repartition(7).write().format(format).option("header", "true").save(seven.toString());
            Map<Integer, long[]> first = null;
            for (Path dir : List.of(one, seven, one)) {
                String id = format.equals("csv") ? "" : "idCol: id, ";
                HarnessConfig c = ConfigLoader.parse("""
                        run: { seed: 9 }
                        data: { source: table, format: %s, train: %s, validationFraction: 0.2, %s options: { header: "true", inferSchema: "true" } }
                        ps: { workers: 4, rounds: 1 }
                        """.formatted(format, dir, id), List.of());
                TrainingTable.Prepared p = new TrainJob(c, line -> {}).prepare(jsc);
                Map<Integer, long[]> ids = shardIds(p, false);
                Map<Integer, long[]> testIds = shardIds(p, true);
                p.unpersist();
                assertEquals(4, ids.size());
                long total = ids.values().stream().mapToLong(a -> a.length).sum()
                        + testIds.values().stream().mapToLong(a -> a.length).sum();
                assertEquals(TableFixtures.TRAIN_ROWS, total, format + " " + dir);
                for (long[] a : ids.values()) {
                    for (int i = 1; i < a.length; i++) assertTrue(a[i - 1] <= a[i], "shard rows sorted by id");
                }
                if (first == null) {
                    first = ids;
                } else {
                    for (int w = 0; w < 4; w++) assertArrayEquals(first.get(w), ids.get(w), format + " " + dir + " worker " + w);
                }
            }
        }
    }

    @Test
    void aDifferentSeedDealsTheRowsDifferently() {
        TrainingTable.Prepared a = new TrainJob(config("parquet"), line -> {}).prepare(jsc);
        HarnessConfig other = ConfigLoader.parse(ConfigLoader.toYaml(config("parquet")), List.of("run.seed=6"));
        TrainingTable.Prepared b = new TrainJob(other, line -> {}).prepare(jsc);
        try {
            assertTrue(!java.util.Arrays.equals(shardIds(a, false).get(0), shardIds(b, false).get(0)));
        } finally {
            a.unpersist();
            b.unpersist();
        }
    }

    /** A prune stage's folder (ids in {@code kept/}) or a plain Parquet of ids limits the training rows, not the test rows. */
    @Test
    void dataKeepTrainsOnTheListedIdsOnly() {
        Path stage = tmp.resolve("stages/02-prune-hardest");
        spark.range(0, TableFixtures.TRAIN_ROWS, 2).selectExpr("id", "0 as label", "0.0 as score", "id as rank")
                .write().parquet(stage.resolve("kept").toString());
        HarnessConfig c = config("parquet", ", keep: " + stage, "{ type: adamw, lr: 1.0e-2 }", "{ workers: 3, rounds: 1 }");
        TrainingTable.Prepared p = new TrainJob(c, line -> {}).prepare(jsc);
        try {
            assertEquals(TableFixtures.TRAIN_ROWS / 2, p.train().rows());
            assertEquals(TableFixtures.TEST_ROWS, p.test().rows());
            for (long[] ids : shardIds(p, false).values()) {
                for (long id : ids) assertEquals(0, id % 2, "id " + id + " was not kept");
            }
        } finally {
            p.unpersist();
        }
        Path noIds = tmp.resolve("no-ids");
        spark.range(3).selectExpr("id as example").write().parquet(noIds.toString());
        HarnessConfig bad = config("parquet", ", keep: " + noIds, "{ type: adamw, lr: 1.0e-2 }", "{ workers: 3, rounds: 1 }");
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.sparkharness.data.table.TableDataException.class,
                () -> new TrainJob(bad, line -> {}).prepare(jsc)).getMessage();
        assertTrue(m.contains("no 'id' column") && m.contains("example"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ type: sgd, lr: 0.1 }|{ policy: none }",
        "{ type: sgd, lr: 0.1, momentum: 0.9 }|{ policy: static, b: 1 }",
        "{ type: sgd, lr: 0.1 }|{ policy: dynamic, maxBackups: 1 }",
        "{ type: adamw, lr: 1.0e-2 }|{ policy: static, b: 1 }",
        "{ type: adafactor }|{ policy: none }",
        "{ type: adam-atan2, lr: 1.0e-2 }|{ policy: none }",
        "{ type: lion, lr: 3.0e-3 }|{ policy: none }",
        "{ type: sven, lr: 0.2, k: 8 }|{ policy: none }",
        "{ type: sam, rho: 0.05, base: { type: adamw, lr: 1.0e-2 } }|{ policy: none }",
        "{ type: sam, adaptive: true, rho: 0.5, base: { type: adamw, lr: 1.0e-2 } }|{ policy: static, b: 1 }",
        "{ type: saf, minusEpoch: 1, startEpoch: 0, base: { type: adamw, lr: 1.0e-2 } }|{ policy: none }",
        "{ type: mesa, startEpoch: 0, decay: 0.9, base: { type: adamw, lr: 1.0e-2 } }|{ policy: none }"})
    void everyOptimizerAndBackupPolicyTrainsFromATable(String setting) {
        String[] parts = setting.split("\\|");
        // 200 rows per worker at batch 32: 6 rounds an epoch, so SAF's memory is read from round 7 on.
        HarnessConfig c = config("parquet", "", parts[0], "{ workers: 3, rounds: 40, evalEvery: 40, logEvery: 1000, backup: "
                + parts[1] + " }");
        TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, null, false);
        assertEquals(40, s.rounds(), setting);
        assertTrue(s.params().firstNonFinite().isEmpty(), setting);
        assertTrue(s.lastEval().accuracy() > 0.5, setting + ": accuracy " + s.lastEval().accuracy());
    }

    @Test
    void standardisationIsFittedOnTheTrainingRowsOnly() throws Exception {
        // Test rows shifted by +10 in every feature: scaled with the training statistics they stay far from 0.
        var shifted = TableFixtures.frame(spark, TableFixtures.blobs(true), "json")
                .selectExpr("id", "label", "transform(features, x -> x + 10) as features");
        Path test = tmp.resolve("shifted-test");
        TableFixtures.write(shifted, "json", test);
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 5 }
                data: { source: table, format: json, train: %s, test: %s, idCol: id, standardize: true }
                ps: { workers: 2, rounds: 1 }
                """.formatted(fixture("blobs-json"), test), List.of());
        TrainingTable.Prepared p = new TrainJob(c, line -> {}).prepare(jsc);
        try {
            INDArray train = Nd4j.vstack(p.train().rdd().map(WorkerShard::features).collect().toArray(INDArray[]::new));
            INDArray testX = Nd4j.vstack(p.test().rdd().map(WorkerShard::features).collect().toArray(INDArray[]::new));
            double[] mean = train.mean(0).toDoubleVector();
            double[] std = train.std(true, 0).toDoubleVector();
            for (int j = 0; j < TableFixtures.FEATURES; j++) {
                assertEquals(0, mean[j], 1e-4, "training mean of feature " + j);
                assertEquals(1, std[j], 1e-3, "training std of feature " + j);
            }
            assertTrue(testX.mean(0).minNumber().doubleValue() > 3, "test rows were scaled with their own statistics");
            @SuppressWarnings("unchecked")
            Map<String, double[]> scaler = (Map<String, double[]>) p.description().get("scaler");
            assertEquals(TableFixtures.FEATURES, scaler.get("mean").length, "the manifest records the fitted scaler");
            assertEquals(TableFixtures.FEATURES, scaler.get("std").length);
        } finally {
            p.unpersist();
        }
    }

    /**
     * The same MLP, the same rows, the same number of examples seen: the parameter server (b = 0, so one large
     * batch per round) ends within 3 points of DL4J's own {@code fit} with Adam in one JVM.
     */
    @Test
    void accuracyIsOnParWithAPlainDl4jFitOfTheSameModel() {
        int workers = 3, batch = 32, rounds = 150;
        HarnessConfig c = config("parquet", "", "{ type: adamw, lr: 5.0e-3, weightDecay: 0.0 }",
                "{ workers: %d, rounds: %d, evalEvery: %d, logEvery: 1000 }".formatted(workers, rounds, rounds));
        TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, null, false);

        List<TableFixtures.Blob> train = TableFixtures.blobs(false);
        List<TableFixtures.Blob> test = TableFixtures.blobs(true);
        MultiLayerConfiguration conf = ((org.sparkharness.executors.model.LayerStackSpec) c.model()).configuration(
                new org.sparkharness.executors.model.InputShape(1, TableFixtures.FEATURES, 1, TableFixtures.CLASSES), 5);
        conf.getConfs().forEach(l -> {
            if (l.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) b.setIUpdater(new Adam(5e-3));
        });
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet all = dataSet(train);
        int seen = 0;
        for (int epoch = 0; seen < rounds * workers * batch; epoch++) {
            all.shuffle(epoch);
            for (DataSet b : all.batchBy(workers * batch)) {
                net.fit(b);
                seen += b.numExamples();
                if (seen >= rounds * workers * batch) break;
            }
        }
        DataSet t = dataSet(test);
        Evaluation e = new Evaluation(TableFixtures.CLASSES);
        e.eval(t.getLabels(), net.output(t.getFeatures(), false));
        assertTrue(s.lastEval().accuracy() >= e.accuracy() - 0.03,
                "harness " + s.lastEval().accuracy() + " vs DL4J fit " + e.accuracy());
        assertTrue(e.accuracy() > 0.6 && e.accuracy() < 0.99, "the blobs overlap: DL4J reaches " + e.accuracy());
    }

    private static DataSet dataSet(List<TableFixtures.Blob> blobs) {
        INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, blobs.size(), TableFixtures.FEATURES);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, blobs.size(), TableFixtures.CLASSES);
        for (int i = 0; i < blobs.size(); i++) {
            for (int j = 0; j < TableFixtures.FEATURES; j++) x.putScalar(i, j, blobs.get(i).x()[j]);
            y.putScalar(i, blobs.get(i).label(), 1);
        }
        return new DataSet(x, y);
    }
}
