package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * Tables on a real HDFS (a MiniDFSCluster: name node and data node in this JVM, on loopback), not on the driver's
 * disk: training reads them by {@code hdfs://} URI, keeps the ids of a prune stage on HDFS, and writes its run folder
 * (checkpoints, metrics, manifest, model) there.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HdfsTableSparkIT {
    private static MiniDFSCluster hdfs;
    private static String root;
    private static JavaSparkContext jsc;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        FileSystem fs = hdfs.getFileSystem();
        for (String name : List.of("blobs-parquet", "blobs-test-parquet", "blobs-csv")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(TableTrainingSparkIT.fixture(name)),
                    new org.apache.hadoop.fs.Path("/tables/" + name));
        }
        jsc = new JavaSparkContext(SparkSetup.conf("hdfs-table-test", "local[2]", Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
        if (hdfs != null) hdfs.shutdown();
    }

    /** HDFS's rename does not replace a file: writes there replace it in one step, and damaged checkpoints are skipped. */
    @Test
    void filesAreReplacedAtomicallyAndDamagedCheckpointsSkippedOnHdfs() throws Exception {
        FileSystem fs = hdfs.getFileSystem();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(root + "/atomic/manifest.json");
        org.sparkharness.driver.run.RunFiles.writeString(fs, target, "old");
        org.sparkharness.driver.run.RunFiles.writeString(fs, target, "new");
        try (var in = fs.open(target)) {
            assertEquals("new", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(1, fs.listStatus(target.getParent()).length, "no temp file is left");

        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root + "/atomic/checkpoints");
        var store = new org.sparkharness.driver.run.CheckpointStore(fs, dir, 3);
        var params = org.sparkharness.optimizers.ParamTable.of(Map.of("w",
                org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1, 2})));
        for (long r : new long[] {1, 2}) {
            store.save(new org.sparkharness.driver.run.Checkpoint(r, 3, params,
                    org.sparkharness.optimizers.OptimizerState.initial(Map.of()), Map.of()));
        }
        org.apache.hadoop.fs.Path newest = new org.apache.hadoop.fs.Path(dir, "ckpt-000000002.bin");
        byte[] whole;
        try (var in = fs.open(newest)) {
            whole = in.readAllBytes();
        }
        try (var out = fs.create(newest, true)) {
            out.write(whole, 0, whole.length - 5); // a copy cut short
        }
        List<String> warnings = new java.util.ArrayList<>();
        assertEquals(1, store.latest(warnings::add).orElseThrow().round());
        assertTrue(warnings.get(0).contains("ckpt-000000002.bin"), warnings.toString());
    }

    @Test
    void trainsFromTablesOnHdfsAndWritesTheRunFolderThere() throws Exception {
        HarnessConfig c = ConfigLoader.parse("""
                run: { name: hdfs-run, seed: 3, output: %1$s/runs }
                data: { source: table, format: parquet, train: %1$s/tables/blobs-parquet, test: %1$s/tables/blobs-test-parquet, idCol: id }
                model: { type: mlp, hidden: [16] }
                optimizer: { type: adamw, lr: 1.0e-2 }
                ps: { workers: 2, rounds: 40, evalEvery: 20, checkpointEvery: 20, logEvery: 1000 }
                """.formatted(root), List.of());
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        TrainingSummary s = new TrainJob(c, line -> {}).run(jsc, run, false);
        assertEquals(40, s.rounds());
        assertTrue(s.lastEval().accuracy() > 0.7, "accuracy " + s.lastEval().accuracy());
        assertTrue(run.root().toString().startsWith(root), run.root().toString());
        FileSystem fs = hdfs.getFileSystem();
        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "model.zip", "summary.json", "checkpoints")) {
            assertTrue(fs.exists(run.file(f)), f + " on HDFS");
        }
        JsonNode data;
        try (FSDataInputStream in = fs.open(run.file("manifest.json"))) {
            data = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("data");
        }
        assertEquals(root + "/tables/blobs-parquet", data.get("train_path").asText());
        assertEquals(TableFixtures.TRAIN_ROWS, data.get("train").get("usable").asInt());
    }

    @Test
    void csvWithAHeldOutShareAndKeptIdsFromHdfs() {
        SparkSession spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
        String kept = root + "/stages/03-prune/kept";
        spark.range(0, 600, 3).selectExpr("id").write().parquet(kept);
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3 }
                data: { source: table, format: csv, train: %1$s/tables/blobs-csv, options: { header: "true", inferSchema: "true" }, validationFraction: 0.2 }
                ps: { workers: 2, rounds: 1 }
                """.formatted(root), List.of());
        var p = new TrainJob(c, line -> {}).prepare(jsc);
        try {
            assertEquals(TableFixtures.TRAIN_ROWS, p.train().rows() + p.test().rows());
            assertTrue(p.test().rows() > 80 && p.test().rows() < 160, "held out " + p.test().rows());
        } finally {
            p.unpersist();
        }
        // csv rows get ids hashed from their values, so these ids match none: the message says where ids must come from.
        HarnessConfig keep = ConfigLoader.parse(ConfigLoader.toYaml(c), List.of("data.keep=" + root + "/stages/03-prune"));
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.sparkharness.data.table.TableDataException.class,
                () -> new TrainJob(keep, line -> {}).prepare(jsc)).getMessage();
        assertTrue(m.contains("among the ids of data.keep"), m);
    }
}
