package org.sparkharness.driver.curate;

import java.util.Locale;
import org.sparkharness.data.noise.NoiseJob;
import org.sparkharness.data.noise.NoiseReport;
import org.sparkharness.data.noise.NoiseSettings;

/**
 * Flags the highest-scoring examples as suspected mislabels; with injected noise (score stage {@code labelNoise})
 * it also reports precision and AUROC of EL2N, GraNd and loss.
 */
final class NoiseStage implements CurationStage {
    private final NoiseSettings settings;

    NoiseStage(NoiseSettings settings) {
        this.settings = settings;
    }

    @Override public String type() { return "noise"; }

    @Override public Needs needs() { return Needs.SCORES; }

    @Override public Object settings() { return settings; }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        return NoiseJob.run(context.spark(), context.spark().read().parquet(in.scores()), settings, dir,
                context.progress());
    }

    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in;
    }

    @Override
    public String summarise(Object stats) {
        NoiseReport r = Stats.as(stats, NoiseReport.class);
        String s = String.format(Locale.ROOT, "flagged %,d of %,d by %s (%s)", r.flagged(), r.n(), r.score(), r.flagRule());
        NoiseReport.Metric m = r.metrics() == null ? null : r.metrics().get(r.score());
        if (m != null) {
            s += String.format(Locale.ROOT, "; injected noise: precision@n_noisy %.3f, AUROC %.3f", m.precisionAtNoisy(),
                    m.auroc());
        }
        return s;
    }
}
