package org.sparkharness.data.text.corpus;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/** What a {@link RecordSource} needs to read one input: the session, the input and its Hadoop configuration. */
final class ReadContext {
    final SparkSession spark;
    final JavaSparkContext jsc;
    final CorpusInput input;
    /** A copy of the session's Hadoop configuration (cluster credentials, file system settings). */
    final Configuration hadoopConf;
    private Broadcast<SerializableConfiguration> broadcastConf;

    ReadContext(SparkSession spark, CorpusInput input) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.input = input;
        this.hadoopConf = new Configuration(spark.sparkContext().hadoopConfiguration());
    }

    /** The configuration for tasks that open files themselves; broadcast once per input. */
    Broadcast<SerializableConfiguration> taskConf() {
        if (broadcastConf == null) {
            broadcastConf = jsc.broadcast(new SerializableConfiguration(hadoopConf));
        }
        return broadcastConf;
    }

    /**
     * Partitions for {@code files}: the input's {@code partitions} when set, else enough for Spark's default
     * parallelism and at most {@code bytesPerPartition} each; never more than one per file.
     */
    int partitionsFor(InputFiles files, long bytesPerPartition) {
        int wanted = input.partitions() != null
                ? input.partitions()
                : (int) Math.max(jsc.defaultParallelism(),
                        Math.min(Integer.MAX_VALUE, ceilDiv(files.totalBytes(), bytesPerPartition)));
        return Math.max(1, Math.min(wanted, files.size()));
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
