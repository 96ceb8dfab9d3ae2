package org.sparkharness.executors.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Logging that is quiet on a cluster when nobody configured it: Spark falls back to its built-in
 * {@code log4j2-defaults.properties} (everything at INFO, a few lines per task and per round on every executor), and
 * then the harness sets Spark to WARN and keeps its own loggers at INFO, as deploy/log4j2.properties does. A user's
 * configuration ({@code $SPARK_CONF_DIR/log4j2.properties}, {@code -Dlog4j2.configurationFile}, a file shipped to
 * YARN) is left exactly as it is.
 */
public final class QuietLogging {
    private static final String SPARK_DEFAULTS = "log4j2-defaults.properties";

    private QuietLogging() {}

    /** Whether this JVM's log4j2 configuration is Spark's built-in default (or none at all). */
    public static boolean sparkDefaultsInEffect() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) return false;
        var source = context.getConfiguration().getConfigurationSource();
        String location = source == null ? null : source.getLocation();
        return location == null || location.endsWith(SPARK_DEFAULTS);
    }

    /** Applies the quiet levels where {@link #sparkDefaultsInEffect()}; returns whether it did. */
    public static boolean applyUnlessConfigured() {
        if (!sparkDefaultsInEffect()) return false;
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel("org.sparkharness", Level.INFO);
        // b >= 1 on the jobs engine cancels late workers every round; each would print a "Lost task … TaskKilled".
        Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.ERROR);
        return true;
    }
}
