package org.sparkharness.driver.curate;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.score.ScoreJob;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.score.ScoreStats;

/** EL2N / GraNd / loss scores of every training example from K short training runs (Spark tasks). */
final class ScoreStage implements CurationStage {
    private final ScoreSettings settings;

    ScoreStage(ScoreSettings settings) {
        this.settings = settings;
    }

    @Override public String type() { return "score"; }

    @Override public Needs needs() { return Needs.IMAGES; }

    @Override public Object settings() { return settings; }

    /** Trained scoring models survive an interrupted attempt: ScoreJob retrains only the missing runs. */
    @Override public List<String> reusableOnRetry() { return List.of("models"); }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        return ScoreJob.run(context.spark(), context.trainImages().get(), settings, dir, context.progress());
    }

    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in.withScores(new Path(dir, "scores").toString());
    }

    @Override
    public String summarise(Object stats) {
        ScoreStats s = Stats.as(stats, ScoreStats.class);
        var el2n = s.scores().get("el2n");
        return String.format(Locale.ROOT, "%,d examples scored by %d runs x %d epochs; EL2N median %.3f, "
                        + "Spearman(run0, run1) %.3f", s.n(), s.runs(), s.epochs(),
                el2n == null ? Double.NaN : el2n.percentiles().getOrDefault("p50", Double.NaN),
                s.stability() == null ? Double.NaN : s.stability().spearmanRun0Run1());
    }
}
