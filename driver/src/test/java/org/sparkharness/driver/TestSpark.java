package org.sparkharness.driver;

import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.spark.SparkSetup;

/** One local Spark context for a test class, configured as the harness configures its own, UI off, logs at WARN. */
public final class TestSpark {
    private TestSpark() {}

    public static JavaSparkContext local(String name, int slots) {
        JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf(name, "local[" + slots + "]",
                Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
        return jsc;
    }
}
