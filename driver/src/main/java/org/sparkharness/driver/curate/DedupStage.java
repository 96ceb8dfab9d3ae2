package org.sparkharness.driver.curate;

import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.text.dedup.DedupStats;
import org.sparkharness.data.text.dedup.ExactDedup;
import org.sparkharness.data.text.dedup.ExactDedupSettings;
import org.sparkharness.data.text.dedup.NearDedup;
import org.sparkharness.data.text.dedup.NearDedupSettings;

/** Exact (normalised hash) or near (MinHash LSH) duplicate removal; the smallest id of each group is kept. */
final class DedupStage implements CurationStage {
    private final Object settings;

    DedupStage(ExactDedupSettings exact) {
        this.settings = exact;
    }

    DedupStage(NearDedupSettings near) {
        this.settings = near;
    }

    String method() { return settings instanceof ExactDedupSettings ? "exact" : "near"; }

    @Override public String type() { return "dedup"; }

    @Override public Needs needs() { return Needs.TEXT; }

    @Override public Object settings() { return settings; }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        var docs = context.spark().read().parquet(in.docs());
        return settings instanceof ExactDedupSettings exact
                ? ExactDedup.run(context.spark(), docs, exact, dir, context.progress())
                : NearDedup.run(context.spark(), docs, (NearDedupSettings) settings, dir, context.progress());
    }

    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in.withDocs(new Path(dir, "kept").toString());
    }

    @Override
    public String summarise(Object stats) {
        DedupStats s = Stats.as(stats, DedupStats.class);
        return String.format(Locale.ROOT, "%s: %,d in, %,d kept, %,d duplicates removed", method(), s.docsIn(),
                s.docsOut(), s.removed());
    }
}
