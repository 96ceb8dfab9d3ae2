package org.sparkharness.driver.curate;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.text.filter.FilterSettings;
import org.sparkharness.data.text.filter.FilterStats;
import org.sparkharness.data.text.filter.TextFilterJob;

/** Text quality filters (Gopher, C4, FineWeb) over the current documents; kept rows feed the next stage. */
final class FilterStage implements CurationStage {
    private final FilterSettings settings;

    FilterStage(FilterSettings settings) {
        this.settings = settings;
    }

    @Override public String type() { return "filter"; }

    @Override public Needs needs() { return Needs.TEXT; }

    @Override public Object settings() { return settings; }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        return TextFilterJob.run(context.spark(), context.spark().read().parquet(in.docs()), settings, dir,
                context.progress());
    }

    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in.withDocs(new Path(dir, "kept").toString());
    }

    @Override
    public String summarise(Object stats) {
        FilterStats s = Stats.as(stats, FilterStats.class);
        String top = s.dropsByReason().entrySet().stream().limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%,d in, %,d kept, %,d dropped%s", s.docsIn(), s.docsOut(), s.docsDropped(),
                top.isEmpty() ? "" : " (" + top + (s.dropsByReason().size() > 3 ? ", ..." : "") + ")");
    }
}
