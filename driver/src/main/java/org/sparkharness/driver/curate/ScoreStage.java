package org.sparkharness.driver.curate;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.score.ScoreJob;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.score.ScoreStats;
import org.sparkharness.data.score.ScoringNetwork;
import org.sparkharness.data.score.TrainingArrays;
import org.sparkharness.driver.data.ModelInput;
import org.sparkharness.driver.model.ModelSources;
import org.sparkharness.driver.model.RunModel;
import org.sparkharness.executors.model.InputShape;

/**
 * EL2N / GraNd / loss scores of every training example from K short training runs (Spark tasks), with any network
 * training takes: the user's own DL4J file is read once on the driver ({@link #resolvedModel}) and checked against the
 * data before the runs start.
 */
final class ScoreStage implements CurationStage {
    private final ScoreSettings settings;
    private ModelSources.Resolved resolved;

    ScoreStage(ScoreSettings settings) {
        this.settings = settings;
    }

    @Override public String type() { return "score"; }

    @Override public Needs needs() { return Needs.IMAGES; }

    @Override public Object settings() { return settings; }

    /** Trained scoring models survive an interrupted attempt: ScoreJob retrains only the missing runs. */
    @Override public List<String> reusableOnRetry() { return List.of("models"); }

    /** The scoring network as read from its file (once; a file that cannot be read or parsed fails here). */
    synchronized ModelSources.Resolved resolvedModel(Consumer<String> progress) {
        if (resolved == null) {
            resolved = ModelSources.resolve(settings.model());
            resolved.notes().forEach(n -> progress.accept("score model: " + n));
        }
        return resolved;
    }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        LabeledImages images = context.trainImages().get();
        return ScoreJob.run(context.spark(), images, settings, scoringNetwork(context, images), dir,
                context.progress());
    }

    /** The network for the data's shape, checked against it; a saved model's weights are every run's start. */
    private ScoringNetwork scoringNetwork(StageContext context, LabeledImages images) {
        ModelSources.Resolved model = resolvedModel(context.progress());
        InputShape shape = ModelInput.of(context.imagesInput().dataConfig(), settings.model(),
                (int) images.features().size(1), images.numClasses(), "input.images.");
        // Notes were logged once by resolvedModel; RunModel checks the network (shape, classes, loss) and logs its size.
        RunModel checked = RunModel.build(new ModelSources.Resolved(model.spec(), model.initialParams(), List.of()),
                settings.model(), shape, settings.modelSeed(0), context.progress());
        float[] start = model.initialParams() == null ? null : TrainingArrays.rowMajor(model.initialParams());
        return new ScoringNetwork(checked.spec(), shape, start);
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
