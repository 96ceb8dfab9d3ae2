package org.sparkharness.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.federated.FederateJob;
import org.sparkharness.driver.federated.FederatedSummary;
import org.sparkharness.driver.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harness federate}: federated simulation (FedAvg, FedProx, FedCAC, FedPara, pFedPara) on Spark. */
@Command(name = "federate", mixinStandardHelpOptions = true,
        description = "Simulate federated learning: clients are trained inside Spark tasks, the driver aggregates.")
public final class FederateCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        HarnessConfig cfg = options.load();
        SparkConf conf = SparkStart.conf("spark-harness " + cfg.run().name(), options, cfg.spark(), "local[*]");
        FederateJob job = new FederateJob(cfg, System.out::println);
        job.checkData(); // before Spark: a missing dataset fails in a second, not after startup
        boolean resuming = options.resuming();
        RunDirectory run = options.runDirectory(cfg);
        System.out.println("run folder: " + run);
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            SparkStart.started(jsc.sc());
            FederatedSummary s = job.run(jsc, run, resuming);
            System.out.printf("%ndone: %d rounds in %.1f s (%.1f client updates/s), global accuracy %.2f%%, "
                            + "personalised accuracy %.2f%% (mean over clients), %s communicated%n",
                    s.rounds(), s.seconds(), s.clientUpdatesPerSecond(), 100 * s.lastEval().globalAccuracy(),
                    100 * s.lastEval().personalAccuracy(), human(s.bytesUp() + s.bytesDown()));
            if (s.rejected() > 0) System.out.println("rejected client updates (NaN/Inf): " + s.rejected());
            System.out.println("run folder: " + run + " (config.yaml, manifest.json, metrics.jsonl, checkpoints/, "
                    + "clients/, model.zip, report.html)");
        }
        return 0;
    }

    private static String human(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
