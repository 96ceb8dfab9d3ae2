package org.sparkharness.driver.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.driver.curate.CurateConfig;
import org.sparkharness.driver.curate.CurateJob;
import org.sparkharness.driver.curate.CurationPipeline;
import org.sparkharness.driver.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harness curate}: a YAML list of curation stages (score, prune, noise, filter, dedup), resumable stage by stage. */
@Command(name = "curate", mixinStandardHelpOptions = true,
        description = {"Run a data-curation pipeline: EL2N/GraNd scores, pruning, noisy-label detection, text quality "
                + "filters, exact and MinHash dedup. Each stage writes Parquet and stats.json under RUN/stages/; "
                + "--resume skips the stages that finished with the same settings."})
public final class CurateCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        CurateConfig cfg = options.load(CurateConfig.class);
        if (options.masterOverride() != null) cfg = cfg.withMaster(options.masterOverride());
        CurateJob job = CurateJob.plan(cfg); // validates every stage before Spark starts
        SparkConf conf = SparkStart.conf("spark-harness curate " + cfg.run().name(), options, cfg.spark(), "local[*]");
        RunDirectory run = options.runDirectory(cfg.run());
        System.out.println("run folder: " + run);
        System.out.println("pipeline: " + job.describe());
        try (SparkSession spark = SparkSession.builder()
                .config(conf)
                .getOrCreate()) {
            SparkStart.started(spark.sparkContext());
            CurationPipeline.Result result = job.run(spark, run, options.resuming(), System.out::println);
            System.out.printf("%ndone: %d stages in %.1f s (%d reused from an earlier attempt)%n",
                    result.stages().size(), result.seconds(),
                    result.stages().stream().filter(CurationPipeline.StageRun::resumed).count());
            for (CurationPipeline.StageRun r : result.stages()) {
                System.out.printf("  %-24s %-7s %8.1f s  %s%n", r.dir().substring(r.dir().lastIndexOf('/') + 1),
                        r.type(), r.seconds(), r.summary());
            }
            System.out.println("run folder: " + run + " (config.yaml, manifest.json, metrics.jsonl, summary.json, "
                    + "report.html, stages/NN-name/{stats.json, Parquet output})");
        }
        return 0;
    }
}
