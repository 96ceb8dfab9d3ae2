package org.sparkharness.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.DeviceProbe;
import org.sparkharness.driver.spark.GpuSettings;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.driver.spark.TaskSlots;
import org.sparkharness.executors.device.DeviceBinding;
import org.sparkharness.executors.device.TaskDevice;

/**
 * GPU scheduling without a GPU: two standalone workers in their own JVMs ({@code local-cluster[2,2,1024]}) whose
 * discovery script reports two fake GPUs each; executors ask for 2 and tasks for 1. Spark hands each concurrent task
 * its own address, and every task that builds a network binds to it (on the CPU backend the binding is recorded, not
 * applied): the device probe, the slot count, the manifest and the worker tasks of a training run all show it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GpuExecutorsClusterIT {
    static JavaSparkContext jsc;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        Path script = tmp.resolve("fake-gpus.sh");
        Files.writeString(script, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> conf = new TreeMap<>(Map.of("spark.ui.enabled", "false", "spark.executor.memory", "1g",
                "spark.worker.resource.gpu.amount", "2",
                "spark.worker.resource.gpu.discoveryScript", script.toString(),
                GpuSettings.EXECUTOR_AMOUNT, "2", GpuSettings.TASK_AMOUNT, "1"));
        var sparkConf = SparkSetup.conf("gpu-test", "local-cluster[2,2,1024]", conf);
        assertEquals(List.of(), GpuSettings.check(sparkConf));
        jsc = new JavaSparkContext(sparkConf);
        jsc.setLogLevel("WARN");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (TaskSlots.granted(jsc.sc()).slots() < 4 && System.nanoTime() < deadline) Thread.sleep(200);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    /** The bindings the executors recorded, each executor reached by several of these tasks. */
    private static List<DeviceBinding> recorded() {
        return new ArrayList<>(jsc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)
                .flatMap(i -> TaskDevice.recent().iterator()).collect());
    }

    @Test
    void eachConcurrentTaskGetsItsOwnGpuAndBindsToIt() {
        TaskSlots.Grant g = TaskSlots.granted(jsc.sc());
        assertEquals(4, g.slots(), "two executors x min(2 cores, 2 GPUs at 1 per task): " + g);
        assertTrue(g.executors().stream().allMatch(e -> e.contains("2 GPUs")), g.executors().toString());

        List<DeviceBinding> probe = DeviceProbe.run(jsc, 4, l -> { });
        assertEquals(4, probe.size(), probe.toString());
        Map<String, Set<String>> byExecutor = new TreeMap<>();
        for (DeviceBinding b : probe) {
            assertFalse("driver".equals(b.executorId()), "ran in an executor: " + b);
            assertEquals("CPU", b.backend());
            assertFalse(b.applied(), "the CPU backend records the binding and does not apply it");
            assertEquals(Integer.parseInt(b.address()), b.device());
            byExecutor.computeIfAbsent(b.executorId(), k -> new TreeSet<>()).add(b.address());
        }
        assertEquals(2, byExecutor.size(), "both executors: " + probe);
        byExecutor.forEach((e, addresses) -> assertEquals(Set.of("0", "1"), addresses,
                "the two tasks running at once on executor " + e + " hold different GPUs"));
    }

    @Test
    void workerTasksOfATrainingRunBindToTheirGpusAndTheManifestListsThem() throws Exception {
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3, name: gpus, output: %s }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 4, rounds: 6, evalEvery: 3, logEvery: 100 }
                """.formatted(tmp.toUri(), TestData.miniFashionMnist()), List.of());
        RunDirectory run = RunDirectory.create(tmp.toUri().toString(), "gpus");
        Set<Long> before = new TreeSet<>();
        recorded().forEach(b -> before.add(b.taskAttemptId()));
        new TrainJob(c, l -> { }).run(jsc, run, false);

        JsonNode devices = MetricsLog.JSON.readTree(run.readText("manifest.json")).get("devices");
        assertEquals(4, devices.size(), devices.toString());
        for (JsonNode d : devices) assertTrue(Set.of("0", "1").contains(d.get("address").asText()), d.toString());

        // What the executors' own worker tasks recorded: each bound to an address Spark gave it, both GPUs in use.
        Map<String, Set<String>> byExecutor = new TreeMap<>();
        Set<Long> attempts = new TreeSet<>();
        for (DeviceBinding b : recorded()) {
            if (before.contains(b.taskAttemptId())) continue;
            assertTrue(Set.of("0", "1").contains(b.address()), b.toString());
            byExecutor.computeIfAbsent(b.executorId(), k -> new TreeSet<>()).add(b.address());
            attempts.add(b.taskAttemptId());
        }
        // The run's device probe (4 tasks) and its 4 persistent worker tasks, each bound once for all its rounds.
        assertTrue(attempts.size() >= 4 + 4, "every worker task bound itself: " + attempts.size());
        byExecutor.forEach((e, a) -> assertEquals(Set.of("0", "1"), a, "executor " + e));
    }
}
