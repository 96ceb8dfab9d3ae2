package org.sparkharness.driver.cli;

import org.sparkharness.optimizers.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix (bad config, missing data, nothing to resume) into one line on stderr and exit
 * code 2; anything else keeps its stack trace (exit 1).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof ConfigException) {
            cmd.getErr().println("error: invalid configuration: " + ex.getMessage());
            return 2;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            // Data errors raised inside a Spark task arrive wrapped in the job's SparkException.
            if (t instanceof Exception e && isUserError(e)) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
        ex.printStackTrace(cmd.getErr());
        return 1;
    }

    private static boolean isUserError(Exception ex) {
        return ex instanceof org.sparkharness.driver.run.RunSetupException
                || ex instanceof org.sparkharness.data.dataset.DatasetUnavailableException
                || ex instanceof org.sparkharness.data.idx.IdxFormatException
                || ex instanceof org.sparkharness.data.dataset.DatasetCorruptException
                || ex instanceof org.sparkharness.data.table.TableDataException;
    }
}
