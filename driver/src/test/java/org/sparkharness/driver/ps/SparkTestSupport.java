package org.sparkharness.driver.ps;

import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.spark.SparkSetup;

/** One local Spark context for a test class, configured as the harness configures its own. */
final class SparkTestSupport {
    private SparkTestSupport() {}

    static JavaSparkContext localContext(int slots) {
        JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("harness-test", "local[" + slots + "]",
                Map.of("spark.ui.enabled", "false")));
        jsc.setLogLevel("WARN");
        return jsc;
    }
}
