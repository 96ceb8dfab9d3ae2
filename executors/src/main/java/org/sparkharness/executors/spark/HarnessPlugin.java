package org.sparkharness.executors.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.LoggerFactory;

/**
 * The harness's Spark plugin ({@code spark.plugins}, added by the driver to whatever the user lists there): runs once
 * in every executor JVM when it starts, on any cluster manager, before its first task.
 */
public final class HarnessPlugin implements SparkPlugin {
    /** What the executor side did at start, for tests and the executor's log. */
    static volatile boolean quieted;

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                quieted = QuietLogging.applyUnlessConfigured();
                if (quieted) {
                    LoggerFactory.getLogger(HarnessPlugin.class).info("no log4j2 configuration given: Spark logs at "
                            + "WARN from here on, spark-harness at INFO (deploy/log4j2.properties shows how to change it)");
                }
            }
        };
    }
}
