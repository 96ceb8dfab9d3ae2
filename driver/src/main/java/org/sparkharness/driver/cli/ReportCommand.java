package org.sparkharness.driver.cli;

import java.util.concurrent.Callable;
import org.sparkharness.driver.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harness report RUN_DIR}: (re)builds a run's report.html from its metrics. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (loss, accuracy, round-time and backup-worker plots) for a run folder.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run folder, e.g. runs/fashion-mnist-mlp/20261125-024856.")
    String runDir;

    @Override
    public Integer call() {
        System.out.println("report: " + RunReport.write(runDir));
        return 0;
    }
}
