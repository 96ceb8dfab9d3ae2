package org.sparkharness.driver.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.sparkharness.driver.config.SparkConfig;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.io.HadoopConf;
import org.sparkharness.executors.spark.QuietLogging;

/** How every command starts Spark: the user's settings first, the cluster's Hadoop configuration for all file I/O. */
final class SparkStart {
    private SparkStart() {}

    /**
     * The application's SparkConf ({@link SparkSetup#forApplication}); installs the Hadoop configuration it implies, so
     * the data checks and the run folder that come before Spark starts already use {@code spark.hadoop.*}.
     */
    static SparkConf conf(String appName, RunOptions options, SparkConfig yaml, String localDefault) {
        SparkConf conf = SparkSetup.forApplication(appName, options.masterOverride(), yaml, localDefault);
        org.sparkharness.driver.spark.GpuSettings.check(conf).forEach(w -> System.out.println("warning: " + w));
        HadoopConf.use(HadoopConf.from(conf));
        return conf;
    }

    /**
     * Once the context runs: its Hadoop configuration for every file the harness writes, where to watch it, and
     * Spark's INFO chatter turned down to warnings unless the user configured logging ({@link QuietLogging}).
     */
    static void started(SparkContext sc) {
        HadoopConf.use(sc.hadoopConfiguration());
        QuietLogging.applyUnlessConfigured();
        if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            System.out.println("warning: OMP_WAIT_POLICY is not PASSIVE in the driver's environment: its optimizer steps "
                    + "run many times slower (set it where the driver starts: the shell in client mode, "
                    + "spark.yarn.appMasterEnv / spark.kubernetes.driverEnv / the worker's spark-env.sh in cluster mode)");
        }
        System.out.println("spark: " + sc.master() + " (Spark " + sc.version() + "), application " + sc.applicationId()
                + (sc.uiWebUrl().isDefined() ? ", UI " + sc.uiWebUrl().get() : ", UI off"));
        System.out.println("effective Spark configuration (secrets redacted; also in the run's manifest.json):");
        SparkSetup.redacted(sc.getConf()).forEach((k, v) -> System.out.println("  " + k + " = " + v));
    }
}
