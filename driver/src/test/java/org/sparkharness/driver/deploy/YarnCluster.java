package org.sparkharness.driver.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN ResourceManager and one NodeManager (Hadoop's MiniYARNCluster, in this JVM; containers are processes of
 * their own), with the client configuration a user's {@code HADOOP_CONF_DIR} would hold written to {@link #confDir}.
 */
final class YarnCluster implements AutoCloseable {
    final Path confDir;
    private final MiniYARNCluster yarn;

    YarnCluster(Path confDir, String defaultFs, int nodeMemoryMb) throws IOException, InterruptedException {
        this.confDir = Files.createDirectories(confDir);
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY, defaultFs);
        // MiniYARNCluster gives its NodeManagers this setting's memory, not NM_PMEM_MB's.
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        // ND4J's native memory is outside the heap and its libraries are large: the containers are sized with
        // memoryOverhead instead, and this machine's disk may be fuller than YARN's 90 % health threshold.
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
        // One queue with the whole cluster (no capacity-scheduler.xml on this class path), AMs allowed all of it.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.user-limit-factor", "1");
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        conf.set("yarn.scheduler.capacity.node-locality-delay", "-1");
        yarn = new MiniYARNCluster("harness-yarn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        // The ResourceManager publishes its real port only once its services are up.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the ResourceManager did not start");
            Thread.sleep(100);
        }
        Configuration client = new Configuration(yarn.getConfig());
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            client.writeXml(out);
        }
        Configuration core = new Configuration(false);
        core.set(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY, defaultFs);
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
    }

    /** The {@code stdout} or {@code stderr} files of this cluster's containers, the application master's first. */
    List<Path> containerFiles(String name) throws IOException {
        Path base = yarn.getTestWorkDir().toPath();
        if (!Files.isDirectory(base)) return List.of();
        try (var files = Files.walk(base)) {
            return files.filter(f -> f.toString().contains("container_") && f.getFileName().toString().equals(name))
                    .sorted().toList();
        }
    }

    /** What the containers wrote (stdout, stderr), for a failure message. */
    String containerLogs() throws IOException {
        StringBuilder b = new StringBuilder();
        List<Path> all = new java.util.ArrayList<>(containerFiles("stdout"));
        all.addAll(containerFiles("stderr"));
        for (Path f : all) {
            String text = Files.readString(f);
            b.append("== ").append(f).append('\n')
                    .append(text.length() > 20_000 ? text.substring(text.length() - 20_000) : text).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        yarn.stop();
    }
}
