package org.sparkharness.executors.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The one Hadoop {@link Configuration} behind the harness's own file I/O (run folders, checkpoints, the client store,
 * datasets read by the driver): the running SparkContext's {@code hadoopConfiguration()}, so {@code spark.hadoop.*}
 * settings (S3 credentials, HDFS client options), {@code HADOOP_CONF_DIR} and {@code fs.defaultFS} apply to it
 * exactly as they do to Spark's own reads. The launcher installs it with {@link #use} (first built from the SparkConf,
 * before Spark starts, then the context's own); inside an executor it is built from the executor's SparkConf.
 */
public final class HadoopConf {
    private static volatile Configuration shared;

    private HadoopConf() {}

    /** Makes {@code conf} the configuration of every later {@link #get()} in this JVM. */
    public static void use(Configuration conf) {
        shared = conf;
    }

    /** The configuration Spark builds from {@code spark} ({@code spark.hadoop.*}, AWS environment credentials, ...). */
    public static Configuration from(SparkConf spark) {
        return SparkHadoopUtil.get().newConfiguration(spark);
    }

    /** The installed configuration; else, in a Spark JVM, the one built from its SparkConf; else Hadoop's defaults. */
    public static Configuration get() {
        Configuration c = shared;
        if (c != null) return c;
        SparkEnv env = SparkEnv.get();
        return env != null ? from(env.conf()) : new Configuration();
    }
}
