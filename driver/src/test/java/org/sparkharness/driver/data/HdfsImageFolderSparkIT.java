package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.image.ImageFolderWriter;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * An image folder on a real HDFS (a MiniDFSCluster in this JVM): read by {@code hdfs://} URI on the executors, its
 * empty file counted, and the same ids as the same folder on the local disk (ids hash the path below the root).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HdfsImageFolderSparkIT {
    private static final int IMAGES = 120;

    private static MiniDFSCluster hdfs;
    private static String root;
    private static JavaSparkContext jsc;
    private static Path local;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        local = tmp.resolve("local").resolve("train");
        ImageFolderWriter.write(FashionMnist.load(TestData.miniFashionMnist(), Split.TRAIN), local.toString(), IMAGES,
                new Configuration());
        Files.write(local.resolve("Sandal").resolve("empty.png"), new byte[0]);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toString()),
                new org.apache.hadoop.fs.Path("/datasets/fashion/train"));
        jsc = new JavaSparkContext(SparkSetup.conf("hdfs-image-test", "local[2]", Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
        if (hdfs != null) hdfs.shutdown();
    }

    static HarnessConfig config(String train) {
        return ConfigLoader.parse("""
                run: { seed: 4 }
                data: { source: table, format: image, train: "%s", imageSize: [28, 28, 1], onBadRows: skip }
                model: { type: mlp, hidden: [8] }
                ps: { workers: 2 }
                """.formatted(train), List.of());
    }

    static Set<Long> ids(HarnessConfig c) {
        TrainingTable.Source s = TrainingTable.read(SparkSession.builder().getOrCreate(), c.data().tableSpec(4), null,
                l -> {});
        Set<Long> out = new TreeSet<>();
        for (Row r : s.rows().select(ExampleTables.ID).collectAsList()) out.add(r.getLong(0));
        return out;
    }

    @Test
    void anImageFolderOnHdfsIsReadByUriWithTheIdsOfTheSameFolderOnDisk() {
        HarnessConfig onHdfs = config(root + "/datasets/fashion/train");
        List<String> log = new ArrayList<>();
        TrainingTable.Prepared p = new TrainJob(onHdfs, log::add).prepare(jsc);
        try {
            assertEquals(ImageFolderWriter.folderNames().stream().sorted().toList(), p.description().get("class_names"));
            @SuppressWarnings("unchecked")
            Map<String, Object> train = (Map<String, Object>) p.description().get("train");
            @SuppressWarnings("unchecked")
            Map<String, Object> test = (Map<String, Object>) p.description().get("test");
            assertEquals(Map.of("empty_file", 1L), train.get("bad_rows"));
            assertEquals((long) IMAGES, (long) train.get("usable") + (long) test.get("usable"));
            assertTrue((long) test.get("usable") > 0, "a share is held out: " + test);
            assertEquals(784, p.width());
        } finally {
            p.unpersist();
        }
        assertEquals(ids(config(local.toString())), ids(onHdfs));
        assertEquals(IMAGES + 1, ids(onHdfs).size());
    }
}
