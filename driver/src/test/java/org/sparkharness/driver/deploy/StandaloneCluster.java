package org.sparkharness.driver.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster of separate JVMs on loopback, laid out as a Spark distribution would be: a SPARK_HOME
 * whose {@code jars/} holds Spark, Scala and Hadoop (what the application jar leaves out) and whose {@code conf/}
 * holds the deploy/ logging file; a Master and Workers started from those jars with a properties file (the shared
 * secret of an authenticated cluster goes there); and {@code spark-submit} as Spark's own {@code SparkSubmit}.
 */
final class StandaloneCluster implements AutoCloseable {
    final Path home;
    final int masterPort;
    final List<Path> workDirs = new ArrayList<>();
    private final List<String> sparkJars;
    private final Path daemonConf;
    private final List<Process> daemons = new ArrayList<>();
    private int masterUiPort;

    StandaloneCluster(Path home, List<String> sparkJars, Path log4j, String daemonProperties) throws IOException {
        this.home = home;
        this.sparkJars = sparkJars;
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        for (String jar : sparkJars) {
            Path j = Path.of(jar);
            Path link = home.resolve("jars").resolve(j.getFileName());
            if (!Files.exists(link)) Files.createSymbolicLink(link, j);
        }
        Files.copy(log4j, home.resolve("conf/log4j2.properties"));
        daemonConf = home.resolve("conf/daemon.conf");
        Files.writeString(daemonConf, daemonProperties);
        masterPort = freePort();
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    void start(int workers, int cores, String memory) throws IOException, InterruptedException {
        masterUiPort = freePort();
        daemons.add(java(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort), "--properties-file",
                daemonConf.toString()), home.resolve("master.log")));
        for (int i = 0; i < workers; i++) {
            Path work = home.resolve("work-" + i);
            Files.createDirectories(work);
            workDirs.add(work);
            daemons.add(java(List.of("org.apache.spark.deploy.worker.Worker", masterUrl(), "--host", "127.0.0.1",
                    "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
                    "--work-dir", work.toString(), "--properties-file", daemonConf.toString()),
                    home.resolve("worker-" + i + ".log")));
        }
        awaitWorkers(workers);
    }

    /** Waits until the master's status page counts every worker alive, or fails with the daemons' logs. */
    private void awaitWorkers(int workers) throws IOException, InterruptedException {
        java.util.regex.Pattern alive = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (var in = java.net.URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL().openStream()) {
                var m = alive.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                if (m.find() && Integer.parseInt(m.group(1)) >= workers) return;
            } catch (IOException notYet) {
                // the master is still starting
            }
            Thread.sleep(250);
        }
        StringBuilder b = new StringBuilder("the standalone cluster did not come up:\n");
        try (var logs = Files.list(home)) {
            for (Path f : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                b.append("== ").append(f).append('\n').append(Files.readString(f)).append('\n');
            }
        }
        throw new IllegalStateException(b.toString());
    }

    /** {@code spark-submit ARGS} as a process of its own, output to {@code log}. */
    Process submit(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit"));
        command.addAll(args);
        return java(command, log);
    }

    private Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(org.sparkharness.driver.TestJvm.javaWithFlags());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(home.resolve("conf") + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, sparkJars));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : daemons) p.waitFor(30, TimeUnit.SECONDS);
    }
}
