package org.sparkharness.driver.spark;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;
import org.sparkharness.driver.config.SparkConfig;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The SparkConf of a harness application, where whatever the user set wins: first what {@code spark-submit} (its
 * options, {@code --conf}, spark-defaults.conf) or {@code -Dspark.*} put in the JVM, then the launcher's
 * {@code --master}, then the YAML's {@code spark:} section, and only then the harness's defaults: Kryo with ND4J's
 * registrator and record support, passive OpenMP waits and one OpenMP thread per task on executors, no speculation
 * (the harness handles stragglers itself), loopback binding for local masters, and the Maven class path for executor
 * JVMs in {@code local-cluster} mode.
 */
public final class SparkSetup {
    /** ND4J's Kryo registrator (without it Kryo fails on jvmShapeInfo) plus a serialiser for records. */
    public static final String KRYO_REGISTRATOR = HarnessKryoRegistrator.class.getName();

    private SparkSetup() {}

    /**
     * A SparkConf for tests and benchmarks: {@code master} and {@code extra} as given, the harness defaults for the
     * rest.
     */
    public static SparkConf conf(String appName, String master, Map<String, String> extra) {
        SparkConf conf = new SparkConf().setAppName(appName).setMaster(master);
        extra.forEach(conf::set);
        return withDefaults(conf);
    }

    /**
     * The application's SparkConf, from the JVM's {@code spark.*} properties (what spark-submit set).
     *
     * @param masterOption the launcher's {@code --master}, or null
     * @param yaml         the config's {@code spark:} section
     * @param localDefault the master when nobody chose one (the launcher started without spark-submit)
     */
    public static SparkConf forApplication(String appName, String masterOption, SparkConfig yaml, String localDefault) {
        return resolve(withClusterSecret(new SparkConf(), System.getenv(WORKER_SECRET_ENV)), appName, masterOption,
                yaml, localDefault);
    }

    /** Runs in every executor when it starts (quiet logging where none is configured). */
    static final String PLUGIN = "org.sparkharness.executors.spark.HarnessPlugin";

    /** Where a standalone worker puts the cluster's secret for the processes it starts. */
    static final String WORKER_SECRET_ENV = "_SPARK_AUTH_SECRET";

    /**
     * A driver started by a standalone worker (deploy mode cluster) receives the cluster's secret in the environment,
     * the worker having removed {@code spark.authenticate.secret} from its options, yet the SparkContext requires that
     * setting on a {@code spark://} master and would refuse to start. The secret goes into the SparkConf (never
     * printed: the effective configuration is redacted).
     */
    static SparkConf withClusterSecret(SparkConf conf, String workerSecret) {
        if (workerSecret != null && !workerSecret.isEmpty() && conf.getBoolean("spark.authenticate", false)
                && !conf.contains("spark.authenticate.secret")) {
            conf.set("spark.authenticate.secret", workerSecret);
        }
        return conf;
    }

    /** {@link #forApplication} over {@code submitted} (a copy is changed) instead of the JVM's properties. */
    public static SparkConf resolve(SparkConf submitted, String appName, String masterOption, SparkConfig yaml,
                                    String localDefault) {
        SparkConf conf = submitted.clone();
        if (masterOption != null) {
            conf.setMaster(masterOption);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(yaml.master() != null ? yaml.master() : localDefault);
        }
        // spark-submit names an application after its main class or jar unless given --name.
        String name = conf.get("spark.app.name", "");
        if (name.isEmpty() || name.startsWith("org.sparkharness.") || name.endsWith(".jar")) conf.setAppName(appName);
        yaml.conf().forEach(conf::setIfMissing);
        return withDefaults(conf);
    }

    private static SparkConf withDefaults(SparkConf conf) {
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.kryo.registrator", KRYO_REGISTRATOR)
                .setIfMissing("spark.kryoserializer.buffer.max", "512m")
                .setIfMissing("spark.speculation", "false")
                .setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        withPlugin(conf);
        String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cacheDir != null) {
            conf.setIfMissing("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
        }
        String master = conf.get("spark.master", "");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("local-cluster")) {
            // Executor JVMs get the driver's classpath (module classes, test classes, every dependency jar).
            conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        return conf;
    }

    /** The harness's executor plugin added to the user's {@code spark.plugins} list (kept, in its order). */
    private static void withPlugin(SparkConf conf) {
        String plugins = conf.get("spark.plugins", "").trim();
        if (java.util.Arrays.stream(plugins.split(",")).map(String::trim).noneMatch(PLUGIN::equals)) {
            conf.set("spark.plugins", plugins.isEmpty() ? PLUGIN : plugins + "," + PLUGIN);
        }
    }

    /**
     * {@code settings} with the values of secrets replaced, under the redaction pattern of this JVM's SparkConf
     * ({@code spark.redaction.regex}, or the pattern among {@code settings}, or Spark's default).
     */
    public static SortedMap<String, String> redact(Map<String, String> settings) {
        SparkConf conf = new SparkConf().setAll(JavaConverters.mapAsScalaMap(settings));
        return redactedSubset(conf, settings.keySet());
    }

    private static SortedMap<String, String> redactedSubset(SparkConf conf, java.util.Set<String> keys) {
        SortedMap<String, String> all = redacted(conf);
        all.keySet().retainAll(keys);
        return all;
    }

    /** Every setting of {@code conf}, sorted, values of secrets replaced as Spark does it ({@code spark.redaction.regex}). */
    public static SortedMap<String, String> redacted(SparkConf conf) {
        SortedMap<String, String> out = new TreeMap<>();
        for (Tuple2<String, String> kv : JavaConverters.seqAsJavaList(
                Utils.redact(conf, JavaConverters.asScalaBuffer(Arrays.asList(conf.getAll())).toSeq()))) {
            out.put(kv._1(), kv._2());
        }
        return out;
    }
}
