package org.sparkharness.driver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the application jar and of {@code scripts/harness}. */
@Command(name = "harness", mixinStandardHelpOptions = true, versionProvider = HarnessCommand.Version.class,
        description = "Distributed training on Spark: parameter server with backup workers over DL4J/ND4J.",
        subcommands = {TrainCommand.class, FederateCommand.class, CurateCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class HarnessCommand implements Runnable {

    public static void main(String[] args) {
        int code = execute(args);
        if (insideYarnApplicationMaster(System.getProperties())) {
            // YARN's application master reports a driver that calls System.exit as failed ("Shutdown hook called
            // before final status was reported"): there main returns on success and throws on failure, which the
            // master reports with this message.
            if (code != 0) throw new IllegalStateException("spark-harness failed with exit code " + code
                    + "; its error is in the driver's output above");
            return;
        }
        System.exit(code);
    }

    /** Whether this driver runs in YARN's application master (deploy mode cluster), which sets these properties. */
    static boolean insideYarnApplicationMaster(java.util.Properties system) {
        return "yarn".equals(system.getProperty("spark.master"))
                && "cluster".equals(system.getProperty("spark.submit.deployMode"));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return new CommandLine(new HarnessCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HarnessCommand.class.getPackage().getImplementationVersion();
            return new String[] {"spark-harness " + (v == null ? "dev" : v) + ", Spark "
                    + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java " + System.getProperty("java.version")};
        }
    }
}
