package org.sparkharness.driver.curate;

import java.util.Locale;
import org.sparkharness.data.prune.PruneJob;
import org.sparkharness.data.prune.PruneManifest;
import org.sparkharness.data.prune.PruneSettings;

/** Keeps a fraction of the scored examples (hardest with offset, stratified, random...); writes ids and a manifest. */
final class PruneStage implements CurationStage {
    private final PruneSettings settings;

    PruneStage(PruneSettings settings) {
        this.settings = settings;
    }

    @Override public String type() { return "prune"; }

    @Override public Needs needs() { return Needs.SCORES; }

    @Override public Object settings() { return settings; }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        return PruneJob.run(context.spark(), context.spark().read().parquet(in.scores()), settings, dir,
                context.progress());
    }

    /** The kept ids are this stage's product; later stages still see every scored example. */
    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in;
    }

    @Override
    public String summarise(Object stats) {
        PruneManifest m = Stats.as(stats, PruneManifest.class);
        return String.format(Locale.ROOT, "%s by %s: kept %,d of %,d (offset %,d)", m.method(), m.score(), m.nKept(),
                m.nIn(), m.offset());
    }
}
