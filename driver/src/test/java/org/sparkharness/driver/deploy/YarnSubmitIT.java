package org.sparkharness.driver.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.Checkpoint;

/**
 * The application jar submitted to YARN as docs/deploy.md shows it: {@code spark-submit --master yarn --deploy-mode
 * cluster} with deploy/yarn/spark-defaults.conf and deploy/security.conf, the config shipped with {@code --files}, the
 * data, run folder and checkpoints on HDFS. The driver runs in YARN's application master container, the two workers
 * in executor containers, all separate JVMs. Runs only where {@code mvn -Pdist} built the jar.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class YarnSubmitIT {
    private static ClusterRuns runs;
    private static SparkHome home;
    private static YarnCluster yarn;
    private static Path appJar;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        appJar = ClusterRuns.appJarOrSkip();
        List<String> sparkJars = SparkHome.distributionJars();
        runs = ClusterRuns.start(tmp.resolve("hdfs"));
        yarn = new YarnCluster(tmp.resolve("hadoop-conf"), runs.nameNode, 8192);
        // No log4j2.properties anywhere: the containers start with Spark's built-in INFO logging, which the harness
        // turns down itself (HarnessPlugin on the executors, the driver at start).
        home = new SparkHome(tmp.resolve("spark-home"), sparkJars, null).withHadoopConf(yarn.confDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (yarn != null) yarn.close();
        if (runs != null) runs.close();
    }

    @Test
    void clusterModeTrainsOnHdfsLikeTheEmbeddedLauncher() throws Exception {
        Path shipped = Files.createDirectories(tmp.resolve("shipped")).resolve("mini-yarn.yaml");
        Files.writeString(shipped, ClusterRuns.config("mini"));
        String javaHome = System.getProperty("java.home");
        List<String> extra = new java.util.ArrayList<>(List.of(
                "spark.executor.instances 2",
                "spark.executor.memory 1g",
                "spark.executor.memoryOverhead 1g",
                "spark.driver.memory 1g",
                // The Spark jars are already on this node: containers use them in place instead of an upload.
                "spark.yarn.jars local:" + home.jarsGlob(),
                "spark.yarn.appMasterEnv.JAVA_HOME " + javaHome,
                "spark.executorEnv.JAVA_HOME " + javaHome));
        // Containers start with YARN's environment, not this JVM's: the BLAS kernel choice must travel for results
        // to equal the embedded run's bit for bit (docs/deploy.md, "Same results on every cluster").
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("OPENBLAS_")) {
                extra.add("spark.executorEnv." + k + " " + v);
                extra.add("spark.yarn.appMasterEnv." + k + " " + v);
            }
        });
        Path props = runs.properties(tmp, "yarn", "deploy/yarn/spark-defaults.conf", extra.toArray(String[]::new));
        Path log = tmp.resolve("yarn.log");
        Process p = home.submit(List.of("--master", "yarn", "--deploy-mode", "cluster", "--properties-file",
                props.toString(), "--files", shipped.toString(), "--class", "org.sparkharness.driver.cli.HarnessCommand",
                appJar.toString(), "train", "--config", "mini-yarn.yaml", "--set", "run.name=yarn"), log);
        int exit = p.waitFor();
        assertEquals(0, exit, Files.readString(log) + "\n" + yarn.containerLogs());

        List<Path> stderr = yarn.containerFiles("stderr");
        assertEquals(3, stderr.size(), "the application master and two executors: " + stderr);
        for (Path executor : stderr.subList(1, 3)) {
            String text = Files.readString(executor);
            assertTrue(text.contains("INFO FashionMnist: Loaded"), "the harness's own INFO lines stay:\n" + text);
            assertTrue(text.contains("INFO HarnessPlugin: no log4j2 configuration given"), text);
            assertFalse(text.contains("Running task") || text.contains("Finished task"),
                    "Spark's per-task INFO lines are turned down:\n" + text);
        }
        assertFalse(Files.readString(stderr.get(0)).contains("INFO DAGScheduler"), "the driver is quiet too");
        org.apache.hadoop.fs.Path run = runs.newestRun("yarn");
        for (String f : List.of("config.yaml", "manifest.json", "metrics.jsonl", "summary.json", "model.zip")) {
            assertTrue(runs.fs.exists(new org.apache.hadoop.fs.Path(run, f)), f + " missing in " + run + "\n"
                    + yarn.containerLogs());
        }
        assertTrue(runs.read(new org.apache.hadoop.fs.Path(run, "manifest.json")).contains("\"yarn\""),
                "the driver ran under YARN's master");
        Checkpoint last = runs.lastCheckpoint(run);
        assertEquals(ClusterRuns.ROUNDS, last.round());
        TrainingSummary reference = ClusterRuns.embedded("mini");
        for (String name : reference.params().names()) {
            assertArrayEquals(reference.params().get(name).data().asFloat(), last.params().get(name).data().asFloat(),
                    0f, name);
        }
    }
}
