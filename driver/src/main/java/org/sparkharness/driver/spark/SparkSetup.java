package org.sparkharness.driver.spark;

import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * SparkConf for harness jobs: Kryo with ND4J's registrator and record support, passive OpenMP waits and one OpenMP thread per task on
 * executors, loopback binding for local masters, no speculation (the harness handles stragglers itself), and the
 * Maven classpath for executor JVMs in {@code local-cluster} mode.
 */
public final class SparkSetup {
    /** ND4J's Kryo registrator (without it Kryo fails on jvmShapeInfo) plus a serialiser for records. */
    public static final String KRYO_REGISTRATOR = HarnessKryoRegistrator.class.getName();

    private SparkSetup() {}

    public static SparkConf conf(String appName, String master, Map<String, String> extra) {
        SparkConf conf = new SparkConf()
                .setAppName(appName)
                .setMaster(master)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", KRYO_REGISTRATOR)
                .set("spark.kryoserializer.buffer.max", "512m")
                .set("spark.speculation", "false")
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.ui.showConsoleProgress", "false");
        String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cacheDir != null) {
            conf.set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
        }
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("local-cluster")) {
            // Executor JVMs get the driver's classpath (module classes, test classes, every dependency jar).
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        extra.forEach(conf::set);
        return conf;
    }
}
