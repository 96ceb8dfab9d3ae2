package org.sparkharness.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without Spark: help, and errors that must stop before Spark starts. */
class HarnessCommandTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        CommandLine cmd = new CommandLine(new HarnessCommand()).setExecutionExceptionHandler(new ErrorHandler());
        cmd.setOut(new java.io.PrintWriter(new PrintStream(out), true));
        cmd.setErr(new java.io.PrintWriter(new PrintStream(err), true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheTrainCommand() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("train"), r.out());
    }

    @Test
    void trainHelpDescribesItsOptions() {
        Result r = run("train", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--config") && r.out().contains("--resume") && r.out().contains("--master"), r.out());
    }

    @Test
    void anInvalidConfigFailsWithOneLineNamingTheField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "optimizer: { type: adamx }\n");
        Result r = run("train", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: invalid configuration: optimizer.type"), r.err());
    }

    @Test
    void aMissingDatasetSaysHowToFetchIt(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "data: { dir: " + dir.resolve("nothing-here") + " }\nrun: { output: " + dir + " }\n");
        Result r = run("train", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("scripts/fetch-data fashion-mnist"), r.err());
    }

    @Test
    void onlyYarnsApplicationMasterKeepsMainFromCallingSystemExit() {
        java.util.Properties am = new java.util.Properties();
        am.setProperty("spark.master", "yarn");
        am.setProperty("spark.submit.deployMode", "cluster");
        assertTrue(HarnessCommand.insideYarnApplicationMaster(am));
        am.setProperty("spark.submit.deployMode", "client");
        assertFalse(HarnessCommand.insideYarnApplicationMaster(am));
        am.setProperty("spark.master", "spark://master:7077");
        am.setProperty("spark.submit.deployMode", "cluster");
        assertFalse(HarnessCommand.insideYarnApplicationMaster(am));
    }
}
