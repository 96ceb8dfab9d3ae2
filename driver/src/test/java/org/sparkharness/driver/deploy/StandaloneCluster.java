package org.sparkharness.driver.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster of separate JVMs on loopback, started from a {@link SparkHome}: a Master and Workers
 * with a properties file (the shared secret of an authenticated cluster goes there).
 */
final class StandaloneCluster implements AutoCloseable {
    final SparkHome home;
    final int masterPort;
    final List<Path> workDirs = new ArrayList<>();
    private final Path daemonConf;
    private final List<Process> daemons = new ArrayList<>();
    private int masterUiPort;

    StandaloneCluster(SparkHome home, String daemonProperties) throws IOException {
        this.home = home;
        daemonConf = home.dir.resolve("conf/daemon.conf");
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
                daemonConf.toString()), home.dir.resolve("master.log")));
        for (int i = 0; i < workers; i++) {
            Path work = home.dir.resolve("work-" + i);
            Files.createDirectories(work);
            workDirs.add(work);
            daemons.add(java(List.of("org.apache.spark.deploy.worker.Worker", masterUrl(), "--host", "127.0.0.1",
                    "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
                    "--work-dir", work.toString(), "--properties-file", daemonConf.toString()),
                    home.dir.resolve("worker-" + i + ".log")));
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
        try (var logs = Files.list(home.dir)) {
            for (Path f : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                b.append("== ").append(f).append('\n').append(Files.readString(f)).append('\n');
            }
        }
        throw new IllegalStateException(b.toString());
    }

    /** {@code spark-submit ARGS} as a process of its own, output to {@code log}. */
    Process submit(List<String> args, Path log) throws IOException {
        return home.submit(args, log);
    }

    private Process java(List<String> mainAndArgs, Path log) throws IOException {
        return home.java(mainAndArgs, log);
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
