package org.sparkharness.driver.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.cli.HarnessCommand;
import org.sparkharness.optimizers.ParamTable;

/**
 * The driver JVM dies mid-run — killed with SIGKILL between rounds, or halted in the middle of writing a checkpoint —
 * and {@code harness train --resume} continues from the newest intact checkpoint to the same parameters, bit for bit,
 * as a run that was never interrupted. Each run is {@code harness train} in a JVM of its own, as a user starts it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DriverCrashIT {
    private static final int ROUNDS = 30;

    @TempDir
    static Path tmp;

    private static Path config;
    private static ParamTable uninterrupted;

    @BeforeAll
    static void runOnceWithoutInterruption() throws Exception {
        config = tmp.resolve("crash.yaml");
        Files.writeString(config, """
                run: { seed: 11, output: %s }
                data: { dir: %s, batchSize: 32 }
                model: { type: mlp, hidden: [32] }
                optimizer: { type: adamw, lr: 3.0e-3 }
                ps: { workers: 2, rounds: %d, evalEvery: 15, checkpointEvery: 5, logEvery: 1 }
                """.formatted(tmp.resolve("runs"), TestData.miniFashionMnist(), ROUNDS));
        Child whole = Child.start(null, "train", "--config", config.toString(), "--set", "run.name=whole");
        assertEquals(0, whole.await(line -> false), whole.output());
        uninterrupted = newestCheckpoint(runFolder("whole")).params();
    }

    @Test
    void aDriverHaltedWhileWritingACheckpointResumesFromTheOneBefore() throws Exception {
        // The JVM stops after 10,000 bytes of round 15's checkpoint have reached the disk.
        Path site = tmp.resolve("halting-site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("core-site.xml"), """
                <configuration>
                  <property><name>fs.file.impl</name><value>%s</value></property>
                  <property><name>fs.file.impl.disable.cache</name><value>true</value></property>
                  <property><name>harness.test.haltWriting</name><value>.ckpt-000000015.bin.tmp</value></property>
                  <property><name>harness.test.haltAfterBytes</name><value>10000</value></property>
                </configuration>
                """.formatted(HaltingLocalFileSystem.class.getName()));
        Child crashed = Child.start(site, "train", "--config", config.toString(), "--set", "run.name=halted");
        assertEquals(HaltingLocalFileSystem.EXIT_CODE, crashed.await(line -> false),
                "the driver was to halt inside the checkpoint write:\n" + crashed.output());
        Path run = runFolder("halted");
        Path checkpoints = run.resolve("checkpoints");
        assertEquals(10_000, Files.size(checkpoints.resolve(".ckpt-000000015.bin.tmp")), "the half-written file");
        assertFalse(Files.exists(checkpoints.resolve("ckpt-000000015.bin")), "no checkpoint of round 15 appeared");
        assertEquals(10, newestCheckpoint(run).round());

        Child resumed = Child.start(null, "train", "--config", config.toString(), "--resume", run.toString());
        assertEquals(0, resumed.await(line -> false), resumed.output());
        assertTrue(resumed.output().contains("unfinished checkpoint"), "the partial file is reported:\n"
                + resumed.output());
        assertSameParams(newestCheckpoint(run));
    }

    @Test
    void aDriverKilledBetweenRoundsResumesEvenPastADamagedNewestCheckpoint() throws Exception {
        Child killed = Child.start(null, "train", "--config", config.toString(), "--set", "run.name=killed");
        killed.await(line -> line.startsWith("round 17/"));
        killed.process.destroyForcibly();
        killed.process.waitFor();
        Path run = runFolder("killed");
        Checkpoint newest = newestCheckpoint(run);
        assertTrue(newest.round() >= 15 && newest.round() < ROUNDS, "killed at round " + newest.round());
        // A newest checkpoint cut short as a crash or a failed copy leaves it: reported and skipped.
        Path file = run.resolve("checkpoints").resolve(String.format("ckpt-%09d.bin", newest.round()));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Child resumed = Child.start(null, "train", "--config", config.toString(), "--resume", run.toString());
        assertEquals(0, resumed.await(line -> false), resumed.output());
        assertTrue(resumed.output().contains("skipping it for the next older one"), resumed.output());
        assertSameParams(newestCheckpoint(run));
    }

    private static void assertSameParams(Checkpoint last) {
        assertEquals(ROUNDS, last.round());
        for (String name : uninterrupted.names()) {
            assertArrayEquals(uninterrupted.get(name).data().asFloat(), last.params().get(name).data().asFloat(), 0f,
                    name);
        }
    }

    private static Checkpoint newestCheckpoint(Path run) {
        org.apache.hadoop.fs.Path dir = RunFiles.qualify(run.resolve("checkpoints").toString());
        return new CheckpointStore(RunFiles.fileSystem(dir), dir, Integer.MAX_VALUE).latest().orElseThrow();
    }

    private static Path runFolder(String name) throws IOException {
        try (Stream<Path> runs = Files.list(tmp.resolve("runs").resolve(name))) {
            List<Path> all = runs.filter(Files::isDirectory).sorted().toList();
            assertEquals(1, all.size(), "run folders: " + all);
            return all.get(0);
        }
    }

    /** {@code harness} in a JVM of its own, with this JVM's flags and class path (plus {@code extraClassPath}). */
    private record Child(Process process, List<String> lines) {
        static Child start(Path extraClassPath, String... args) throws IOException {
            List<String> command = new ArrayList<>(org.sparkharness.driver.TestJvm.javaWithFlags());
            command.add("-Xmx1g");
            String cp = System.getProperty("java.class.path");
            command.add("-cp");
            command.add(extraClassPath == null ? cp : extraClassPath + java.io.File.pathSeparator + cp);
            command.add(HarnessCommand.class.getName());
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Child(p, Collections.synchronizedList(new ArrayList<>()));
        }

        /** Reads the output until {@code stopAt} matches a line (then returns -1) or the process ends (its exit code). */
        int await(Predicate<String> stopAt) throws InterruptedException {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (stopAt.test(line)) return -1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return process.waitFor();
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}
