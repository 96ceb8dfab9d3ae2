package org.sparkharness.data.testing;

import org.apache.spark.sql.SparkSession;

/**
 * A local SparkSession for data-pipeline tests: one per test class (create in {@code @BeforeAll}, stop in
 * {@code @AfterAll}), loopback binding, no UI, few shuffle partitions so small tests stay fast.
 */
public final class LocalSpark {
    private LocalSpark() {}

    public static SparkSession start(String app, int slots) {
        return SparkSession.builder()
                .appName(app)
                .master("local[" + slots + "]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
    }
}
