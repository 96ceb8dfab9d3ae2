package org.sparkharness.driver.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.TestSpark;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;

/**
 * What the cluster tests share: HDFS (a MiniDFSCluster in this JVM) holding the data, a config and the event-log
 * folder; the run's config; the properties file a user assembles from deploy/; reading the run folder back; and the
 * embedded launcher's result for the same config, the reference a cluster run must equal.
 */
final class ClusterRuns implements AutoCloseable {
    static final int ROUNDS = 40;
    final MiniDFSCluster hdfs;
    final FileSystem fs;
    final String nameNode;

    private ClusterRuns(MiniDFSCluster hdfs) throws IOException {
        this.hdfs = hdfs;
        this.fs = hdfs.getFileSystem();
        this.nameNode = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }

    static ClusterRuns start(Path base) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        ClusterRuns runs = new ClusterRuns(hdfs);
        runs.fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestData.miniFashionMnist()),
                new org.apache.hadoop.fs.Path("/datasets/fashion-mnist-mini"));
        runs.fs.mkdirs(new org.apache.hadoop.fs.Path("/spark-events"));
        try (var out = runs.fs.create(new org.apache.hadoop.fs.Path("/configs/mini.yaml"))) {
            out.write(config("mini").getBytes(StandardCharsets.UTF_8));
        }
        return runs;
    }

    /** The application jar {@code mvn -Pdist} built, with Spark's distribution list; the test is skipped without. */
    static Path appJarOrSkip() throws IOException {
        String jar = System.getProperty("harness.appJar");
        org.junit.jupiter.api.Assumptions.assumeTrue(jar != null && Files.isRegularFile(Path.of(jar))
                && SparkHome.distributionJars() != null, "the application jar is built by mvn -Pdist");
        return Path.of(jar);
    }

    static Path root() {
        return Path.of(System.getProperty("harness.root", "."));
    }

    /** The run's config: paths without a scheme, so they resolve against the cluster's fs.defaultFS (HDFS). */
    static String config(String name) {
        return """
                run: { name: %s, seed: 21, output: /runs }
                data: { dir: /datasets/fashion-mnist-mini, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: %d, evalEvery: 20, checkpointEvery: 10, logEvery: 5, startupTimeoutSeconds: 180 }
                """.formatted(name, ROUNDS);
    }

    /**
     * {@code template} (a deploy/ spark-defaults file) + deploy/security.conf, then what differs on this one small
     * machine: this JVM's --add-opens and native-library cache, and {@code extra} lines.
     */
    Path properties(Path dir, String name, String template, String... extra) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(Files.readString(root().resolve(template))).append('\n');
        b.append(Files.readString(root().resolve("deploy/security.conf"))).append('\n');
        String javaOptions = String.join(" ", opens()) + " -Dorg.bytedeco.javacpp.cachedir="
                + System.getProperty("org.bytedeco.javacpp.cachedir");
        b.append("spark.driver.extraJavaOptions ").append(javaOptions).append('\n')
                .append("spark.executor.extraJavaOptions ").append(javaOptions).append('\n');
        for (String e : extra) b.append(e).append('\n');
        Path p = dir.resolve(name + ".conf");
        Files.writeString(p, b.toString());
        return p;
    }

    org.apache.hadoop.fs.Path newestRun(String name) throws IOException {
        FileStatus[] runs = fs.listStatus(new org.apache.hadoop.fs.Path("/runs/" + name));
        return Arrays.stream(runs).map(FileStatus::getPath).max(Comparator.comparing(org.apache.hadoop.fs.Path::getName))
                .orElseThrow();
    }

    Checkpoint lastCheckpoint(org.apache.hadoop.fs.Path run) {
        return new CheckpointStore(fs, new org.apache.hadoop.fs.Path(run, "checkpoints"), Integer.MAX_VALUE).latest()
                .orElseThrow();
    }

    String read(org.apache.hadoop.fs.Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The same config trained by the embedded launcher (local master, local files): the reference. */
    static TrainingSummary embedded(String name) {
        String local = config(name).replace("/datasets/fashion-mnist-mini", TestData.miniFashionMnist());
        var jsc = TestSpark.local("embedded-reference", 2);
        try {
            return new TrainJob(ConfigLoader.parse(local, List.of()), line -> {}).run(jsc, null, false);
        } finally {
            jsc.close();
        }
    }

    /** The --add-opens flags of this JVM, which the test's Spark JVMs need as well. */
    private static List<String> opens() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(f -> f.startsWith("--add-opens") || f.startsWith("-Djdk.reflect")).toList();
    }

    @Override
    public void close() {
        hdfs.shutdown();
    }
}
