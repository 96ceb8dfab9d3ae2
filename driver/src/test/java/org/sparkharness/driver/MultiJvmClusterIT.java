package org.sparkharness.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * Training on a real cluster of separate executor JVMs on loopback ({@code local-cluster[2,1,1024]}: a standalone
 * master and worker inside this JVM, executors as child processes with the Maven classpath).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultiJvmClusterIT {
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        jsc = new JavaSparkContext(SparkSetup.conf("multi-jvm-test", "local-cluster[2,1,1024]",
                Map.of("spark.ui.enabled", "false", "spark.executor.memory", "1g")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    private static Set<String> executorIds() {
        return new TreeSet<>(scala.collection.JavaConverters.seqAsJavaListConverter(jsc.sc().getExecutorIds()).asJava());
    }

    @Test
    void trainsAFewRoundsOnExecutorsInOtherJvms() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (executorIds().size() < 2 && System.nanoTime() < deadline) Thread.sleep(200);
        assertEquals(2, executorIds().size(), "executors registered: " + executorIds());
        String driverPid = Long.toString(ProcessHandle.current().pid());
        List<String> pids = jsc.parallelize(List.of(0, 1, 2, 3), 4)
                .map(i -> Long.toString(ProcessHandle.current().pid())).collect();
        assertFalse(pids.contains(driverPid), "tasks ran in the driver JVM " + driverPid + ": " + pids);

        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3 }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: 8, evalEvery: 4, logEvery: 100 }
                """.formatted(TestData.miniFashionMnist()), List.of());
        TrainJob job = new TrainJob(c, System.out::println);
        TrainingSummary s = job.run(jsc, job.loadData(), null, false);
        assertEquals(8, s.rounds());
        assertTrue(s.lastEval().accuracy() > 0.3, "accuracy " + s.lastEval().accuracy());
        assertTrue(s.params().firstNonFinite().isEmpty());
    }
}
