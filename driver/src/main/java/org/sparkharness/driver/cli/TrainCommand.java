package org.sparkharness.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harness train}: parameter-server training from a YAML config. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model with the Spark parameter server (synchronous SGD with optional backup workers).")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        HarnessConfig cfg = options.load();
        SparkConf conf = SparkStart.conf("spark-harness " + cfg.run().name(), options, cfg.spark(), cfg.sparkMaster());
        TrainJob job = new TrainJob(cfg, System.out::println);
        job.checkData(); // before Spark: a missing dataset fails in a second, not after startup
        boolean resuming = options.resuming();
        RunDirectory run = options.runDirectory(cfg);
        System.out.println("run folder: " + run);
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            SparkStart.started(jsc.sc());
            TrainingSummary s = job.run(jsc, run, resuming);
            String quality = s.lastEval().regression()
                    ? String.format("final test RMSE %.4f (MSE %.4f)", s.lastEval().rmse(), s.lastEval().meanLoss())
                    : String.format("final test accuracy %.2f%% (loss %.4f)", 100 * s.lastEval().accuracy(),
                            s.lastEval().meanLoss());
            System.out.printf("%ndone: %d rounds in %.1f s, %.0f examples/s, %s%n",
                    s.rounds(), s.trainSeconds(), s.examplesPerSecond(), quality);
            if (s.rejectedResults() > 0) System.out.println("rejected worker results (NaN/Inf): " + s.rejectedResults());
            System.out.println("run folder: " + run + " (config.yaml, manifest.json, metrics.jsonl, checkpoints/, model.zip)");
        }
        return 0;
    }
}
