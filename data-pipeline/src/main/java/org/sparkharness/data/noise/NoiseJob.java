package org.sparkharness.data.noise;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.prune.PruneJob;
import org.sparkharness.data.prune.PruneSettings;

/**
 * Flags the highest-scoring examples as suspected mislabels and, when the scores carry the injected-noise ground
 * truth ({@code noisy}), measures the ranking: precision at n_noisy and AUROC for each of el2n, grand and loss.
 *
 * <p>The order (score desc, id asc) and the flagged set are computed in Spark ({@code orderBy} + zipWithIndex, so
 * they do not depend on partitioning); the metrics need every example's score and flag, which are collected to the
 * driver (a few doubles per example) and computed by {@link Ranking}.
 *
 * <p>Writes Parquet {@code outDir/flagged} (id, label, the score column, rank; plus noisy when known) and
 * {@code outDir/stats.json} ({@link NoiseReport}).
 */
public final class NoiseJob {
    public static final String FLAGGED_DIR = "flagged";
    public static final String STATS_FILE = "stats.json";

    private NoiseJob() {}

    public static NoiseReport run(SparkSession spark, Dataset<Row> scores, NoiseSettings settings, String outDir,
                                  Consumer<String> progress) {
        List<String> columns = Arrays.asList(scores.columns());
        String score = settings.score();
        for (String c : List.of("id", "label", score)) {
            if (!columns.contains(c)) throw new IllegalArgumentException("the score table has no column " + c);
        }
        boolean truth = columns.contains("noisy");
        List<String> metricColumns = new ArrayList<>();
        for (String c : PruneSettings.SCORES) if (columns.contains(c)) metricColumns.add(c);

        List<String> selected = new ArrayList<>(List.of("id", "label"));
        selected.addAll(metricColumns);
        if (truth) selected.add("noisy");
        Dataset<Row> base = scores.select(selected.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
        List<Row> all = base.collectAsList();
        int n = all.size();
        long[] ids = new long[n];
        boolean[] noisy = new boolean[n];
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String c : metricColumns) values.put(c, new double[n]);
        for (int i = 0; i < n; i++) {
            Row r = all.get(i);
            ids[i] = r.getAs("id");
            for (String c : metricColumns) values.get(c)[i] = r.<Double>getAs(c);
            if (truth) noisy[i] = r.<Boolean>getAs("noisy");
        }
        if (Arrays.stream(values.get(score)).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("column " + score + " has NaN values: it cannot rank examples");
        }
        long nNoisy = Ranking.count(noisy);
        long toFlag;
        if (settings.flagsAuto()) {
            if (!truth) throw new IllegalArgumentException("flag: auto needs the noisy column (injected noise)");
            toFlag = nNoisy;
        } else {
            toFlag = (long) Math.floor(settings.flagFraction() * n + 1e-9);
        }

        List<JavaRDD<Row>> cached = new ArrayList<>();
        try {
            Dataset<Row> ranked = PruneJob.withIndex(spark, base.orderBy(desc(score), asc("id")), "rank", cached);
            List<String> out = new ArrayList<>(List.of("id", "label", score, "rank"));
            if (truth) out.add("noisy");
            Dataset<Row> flagged = ranked.filter(col("rank").lt(toFlag))
                    .select(out.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
                    .orderBy("rank");
            flagged.write().mode(SaveMode.Overwrite).parquet(new Path(outDir, FLAGGED_DIR).toString());
        } finally {
            for (JavaRDD<Row> rdd : cached) rdd.unpersist(false);
        }
        Dataset<Row> written = spark.read().parquet(new Path(outDir, FLAGGED_DIR).toString());
        Map<Integer, Long> perClass = new TreeMap<>();
        for (Row r : written.groupBy("label").count().collectAsList()) perClass.put(r.getInt(0), r.getLong(1));

        Long flaggedNoisy = null;
        Double flaggedPrecision = null;
        Map<String, NoiseReport.Metric> metrics = null;
        if (truth) {
            flaggedNoisy = written.filter(col("noisy")).count();
            flaggedPrecision = toFlag == 0 ? Double.NaN : (double) flaggedNoisy / toFlag;
            metrics = new LinkedHashMap<>();
            for (String c : metricColumns) {
                double[] v = values.get(c);
                if (Arrays.stream(v).anyMatch(Double::isNaN)) continue;
                metrics.put(c, new NoiseReport.Metric(Ranking.precisionAtK(v, ids, noisy, (int) nNoisy),
                        Ranking.auroc(v, noisy)));
            }
        }
        NoiseReport report = new NoiseReport(n, score, toFlag,
                settings.flagsAuto() ? NoiseSettings.AUTO : settings.flag(), perClass, truth ? nNoisy : null,
                flaggedNoisy, flaggedPrecision, metrics);
        StageFiles.writeJson(new Path(outDir, STATS_FILE), report);
        progress.accept(String.format("flagged %d of %d by %s%s", toFlag, n, score, truth
                ? String.format(" (%d noisy; %d flagged are noisy; %s)", nNoisy, flaggedNoisy, metrics) : ""));
        return report;
    }
}
