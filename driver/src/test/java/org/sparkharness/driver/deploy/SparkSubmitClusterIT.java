package org.sparkharness.driver.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.TransportConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.TestSpark;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.executors.rounds.RoundTransport;

/**
 * The application jar on a real cluster, as docs/deploy.md tells a user to run it: a standalone Master and two Workers
 * in JVMs of their own, HDFS (a MiniDFSCluster in this JVM) for the data, the config, the run folder and the
 * checkpoints, {@code spark-submit} with deploy/standalone/spark-defaults.conf and deploy/security.conf (authentication,
 * RPC and I/O encryption on), in client and in cluster deploy mode. Runs only where {@code mvn -Pdist} built the jar.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SparkSubmitClusterIT {
    private static final String SECRET = "cluster-it-secret-4242";
    private static final int ROUNDS = ClusterRuns.ROUNDS;
    private static ClusterRuns runs;
    private static FileSystem fs;
    private static String nameNode;
    private static StandaloneCluster cluster;
    private static Path appJar;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        appJar = ClusterRuns.appJarOrSkip();
        List<String> sparkJars = SparkHome.distributionJars();
        runs = ClusterRuns.start(tmp.resolve("hdfs"));
        fs = runs.fs;
        nameNode = runs.nameNode;
        cluster = new StandaloneCluster(new SparkHome(tmp.resolve("spark-home"), sparkJars,
                ClusterRuns.root().resolve("deploy/log4j2.properties")), "spark.authenticate true\nspark.authenticate.secret " + SECRET + "\n");
        cluster.start(2, 2, "3g");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (runs != null) runs.close();
    }

    private static String config() {
        return ClusterRuns.config("mini");
    }

    /** deploy/standalone/spark-defaults.conf + deploy/security.conf, then what differs on this one small machine. */
    private static Path properties(String name, String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of("spark.authenticate.secret " + SECRET,
                "spark.hadoop.fs.defaultFS " + nameNode, "spark.executor.memory 1g", "spark.cores.max 2"));
        lines.addAll(List.of(extra));
        return runs.properties(tmp, name, "deploy/standalone/spark-defaults.conf", lines.toArray(String[]::new));
    }

    private static List<String> submitArgs(String deployMode, Path properties, String... harnessArgs) {
        List<String> a = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", deployMode,
                "--properties-file", properties.toString(), "--class", "org.sparkharness.driver.cli.HarnessCommand",
                appJar.toString()));
        a.addAll(List.of(harnessArgs));
        return a;
    }

    private static org.apache.hadoop.fs.Path newestRun(String name) throws IOException {
        return runs.newestRun(name);
    }

    private static Checkpoint lastCheckpoint(org.apache.hadoop.fs.Path run) {
        return runs.lastCheckpoint(run);
    }

    private static String read(org.apache.hadoop.fs.Path file) throws IOException {
        return runs.read(file);
    }

    private static TrainingSummary embedded() {
        return ClusterRuns.embedded("mini");
    }

    @Test
    void clientModeTrainsOnHdfsLikeTheEmbeddedLauncherAndRefusesStrangers() throws Exception {
        int psPort = StandaloneCluster.freePort();
        Path log = tmp.resolve("client.log");
        // The config shipped with --files and named by its file name, as deploy/README.md shows it.
        Path shipped = Files.createDirectories(tmp.resolve("shipped")).resolve("mini-shipped.yaml");
        Files.writeString(shipped, config());
        List<String> args = new ArrayList<>(List.of("--files", shipped.toString()));
        args.addAll(submitArgs("client", properties("client"), "train", "--config", "mini-shipped.yaml",
                "--set", "run.name=client", "--set", "ps.port=" + psPort));
        Process p = cluster.submit(args, log);
        // While it trains, a client without the application's secret is refused by the parameter-server endpoint.
        awaitLine(log, "round 5/", p);
        assertThrows(Exception.class, () -> stranger(psPort), "a client with another secret is served");
        assertEquals(0, p.waitFor(), Files.readString(log));

        String out = Files.readString(log);
        assertTrue(out.contains("spark: " + cluster.masterUrl()), "the cluster's master is obeyed:\n" + out);
        assertTrue(out.contains(", UI http://"), "the Spark UI's address is printed:\n" + out);
        assertTrue(out.contains("spark.authenticate.secret = *********(redacted)"), "the effective configuration:\n" + out);
        assertFalse(out.contains(SECRET), "the secret reached the driver's output");
        org.apache.hadoop.fs.Path run = newestRun("client");
        assertTrue(run.toUri().getScheme().equals("hdfs"), run.toString());
        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "summary.json", "model.zip", "report.html")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run, f)), f + " missing in " + run);
        }
        assertFalse(read(new org.apache.hadoop.fs.Path(run, "manifest.json")).contains(SECRET), "secret in manifest.json");
        // harness report rebuilds the report of a run folder on HDFS.
        fs.delete(new org.apache.hadoop.fs.Path(run, "report.html"), false);
        assertEquals(0, org.sparkharness.driver.cli.HarnessCommand.execute("report", run.toString()));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run, "report.html")), "report.html rebuilt on HDFS");
        Checkpoint last = lastCheckpoint(run);
        assertEquals(ROUNDS, last.round());
        TrainingSummary reference = embedded();
        for (String name : reference.params().names()) {
            assertArrayEquals(reference.params().get(name).data().asFloat(), last.params().get(name).data().asFloat(),
                    0f, name);
        }
        assertTrue(reference.lastEval().accuracy() > 0.6, "accuracy " + reference.lastEval().accuracy());
    }

    @Test
    void clusterModeRunsTheDriverOnAWorkerAndAKilledDriverResumesFromHdfs() throws Exception {
        Path log = tmp.resolve("cluster.log");
        Process p = cluster.submit(submitArgs("cluster", properties("cluster",
                "spark.standalone.submit.waitAppCompletion true"), "train", "--config", nameNode + "/configs/mini.yaml",
                "--set", "run.name=cluster"), log);
        assertEquals(0, p.waitFor(), Files.readString(log));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/cluster")), "no run folder; the driver said:\n"
                + driverOutput());
        org.apache.hadoop.fs.Path run = newestRun("cluster");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run, "model.zip")), "the driver on the worker did not "
                + "finish; it said:\n" + driverOutput());
        assertEquals(ROUNDS, lastCheckpoint(run).round(), "the driver on the worker finished every round");

        // Client mode again, the driver killed after round 25 (its newest checkpoint is round 20's), then resumed.
        Path killedLog = tmp.resolve("killed.log");
        Process killed = cluster.submit(submitArgs("client", properties("killed"), "train", "--config",
                nameNode + "/configs/mini.yaml", "--set", "run.name=killed"), killedLog);
        awaitLine(killedLog, "round 25/", killed);
        killed.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly();
        killed.waitFor();
        Path resumedLog = tmp.resolve("resumed.log");
        Process resumed = cluster.submit(submitArgs("client", properties("resumed"), "train", "--config",
                nameNode + "/configs/mini.yaml", "--set", "run.name=killed", "--resume"), resumedLog);
        assertEquals(0, resumed.waitFor(), Files.readString(resumedLog));
        assertTrue(Files.readString(resumedLog).contains("resuming"), Files.readString(resumedLog));
        Checkpoint a = lastCheckpoint(run);
        Checkpoint b = lastCheckpoint(newestRun("killed"));
        assertEquals(ROUNDS, b.round());
        for (String name : a.params().names()) {
            assertArrayEquals(a.params().get(name).data().asFloat(), b.params().get(name).data().asFloat(), 0f, name);
        }
    }

    @Test
    void anApplicationWithoutTheSecretIsRefusedByTheCluster() throws Exception {
        Path log = tmp.resolve("stranger.log");
        Path props = properties("stranger", "spark.authenticate.secret not-the-secret");
        Process p = cluster.submit(submitArgs("client", props, "train", "--config", nameNode + "/configs/mini.yaml",
                "--set", "run.name=stranger", "--set", "ps.startupTimeoutSeconds=30"), log);
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "a refused application must end");
        assertTrue(p.exitValue() != 0, Files.readString(log));
        org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path("/runs/stranger");
        if (fs.exists(runs)) {
            for (FileStatus r : fs.listStatus(runs)) {
                assertFalse(fs.exists(new org.apache.hadoop.fs.Path(r.getPath(), "metrics.jsonl")),
                        "an application with another secret trained: " + r.getPath());
            }
        }
    }

    /** What cluster-mode drivers wrote in the workers' work folders. */
    private static String driverOutput() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path work : cluster.workDirs) {
            try (var files = Files.walk(work)) {
                for (Path f : files.filter(f -> f.getParent().getFileName().toString().startsWith("driver-")
                        && (f.getFileName().toString().equals("stderr") || f.getFileName().toString().equals("stdout")))
                        .toList()) {
                    b.append("== ").append(f).append('\n').append(Files.readString(f)).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void stranger(int port) throws Exception {
        SparkConf conf = new SparkConf(false).set("spark.authenticate", "true")
                .set("spark.network.crypto.enabled", "true").set("spark.app.id", "stranger");
        TransportConf tc = RoundTransport.conf(conf, 1, 10);
        TransportContext context = new TransportContext(tc, new NoOpRpcHandler(), false);
        SecretKeyHolder wrong = new SecretKeyHolder() {
            @Override
            public String getSaslUser(String appId) {
                return "sparkSaslUser";
            }

            @Override
            public String getSecretKey(String appId) {
                return "not-the-secret";
            }
        };
        try (TransportClient c = context.createClientFactory(List.of(new AuthClientBootstrap(tc, "stranger", wrong)))
                .createUnmanagedClient("127.0.0.1", port)) {
            c.sendRpcSync(java.nio.ByteBuffer.wrap(new byte[] {1}), 10_000);
        }
    }

    private static void awaitLine(Path log, String prefix, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) return;
            if (!p.isAlive()) throw new AssertionError("ended before '" + prefix + "':\n" + Files.readString(log));
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + prefix + "' in 5 minutes:\n" + Files.readString(log));
    }
}
