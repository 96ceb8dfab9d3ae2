package org.sparkharness.driver.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkharness.driver.TestJvm;

/**
 * A SPARK_HOME laid out as a Spark distribution is: {@code jars/} holds Spark, Scala and Hadoop (what the application
 * jar leaves out; the list deploy/ writes to spark-classpath.txt) and {@code conf/} a logging file or none. JVMs
 * start from it as {@code bin/spark-class} starts them, and {@code spark-submit} is Spark's own {@code SparkSubmit}.
 */
final class SparkHome {
    final Path dir;
    private final List<String> jars;
    private final List<String> classpath = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    SparkHome(Path dir, List<String> jars, Path log4j) throws IOException {
        this.dir = dir;
        this.jars = jars;
        Files.createDirectories(dir.resolve("jars"));
        Files.createDirectories(dir.resolve("conf"));
        for (String jar : jars) {
            Path j = Path.of(jar);
            Path link = dir.resolve("jars").resolve(j.getFileName());
            if (Files.exists(link)) continue;
            try {
                Files.createLink(link, j); // a hard link: JUnit's temp-folder cleanup warns about each symbolic one
            } catch (IOException | UnsupportedOperationException otherDevice) {
                Files.createSymbolicLink(link, j);
            }
        }
        if (log4j != null) Files.copy(log4j, dir.resolve("conf/log4j2.properties"));
        classpath.add(dir.resolve("conf").toString());
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.put("OMP_NUM_THREADS", "1");
    }

    /** The jars listed in {@code harness.sparkClasspath}, or null where {@code mvn -Pdist} did not write the list. */
    static List<String> distributionJars() throws IOException {
        String list = System.getProperty("harness.sparkClasspath");
        if (list == null || !Files.isRegularFile(Path.of(list))) return null;
        return Files.readAllLines(Path.of(list)).stream().flatMap(l -> Arrays.stream(l.split(File.pathSeparator)))
                .filter(s -> !s.isBlank()).toList();
    }

    /** A Hadoop client configuration folder, as {@code HADOOP_CONF_DIR} puts it before the jars. */
    SparkHome withHadoopConf(Path confDir) {
        classpath.add(confDir.toString());
        env.put("HADOOP_CONF_DIR", confDir.toString());
        return this;
    }

    /** The {@code jars/} folder as a class-path wildcard on this machine, {@code local:} for YARN's spark.yarn.jars. */
    String jarsGlob() {
        return dir.resolve("jars") + File.separator + "*";
    }

    /** {@code spark-submit ARGS} as a process of its own, output to {@code log}. */
    Process submit(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit"));
        command.addAll(args);
        return java(command, log);
    }

    Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(TestJvm.javaWithFlags());
        command.add("-Xmx1g");
        command.add("-cp");
        List<String> cp = new ArrayList<>(classpath);
        cp.addAll(jars);
        command.add(String.join(File.pathSeparator, cp));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
