package org.sparkharness.driver.curate;

import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.text.corpus.CorpusConfig;
import org.sparkharness.data.text.corpus.CorpusRead;
import org.sparkharness.data.text.corpus.CorpusReader;
import org.sparkharness.data.text.corpus.ReadReport;

/**
 * Stage 0 of a text pipeline: reads the configured corpora once into Parquet ({@code docs/}), so later stages and
 * reruns never parse the raw files again, and records the read report (documents per source, corrupt records with
 * their locations) as its statistics.
 */
final class ReadTextStage implements CurationStage {
    private final CorpusConfig corpus;

    ReadTextStage(CorpusConfig corpus) {
        this.corpus = corpus;
    }

    @Override public String type() { return "read"; }

    @Override public Needs needs() { return Needs.NONE; }

    @Override public Object settings() { return corpus; }

    @Override
    public Object run(StageContext context, PipelineState in, String dir) {
        CorpusRead read = CorpusReader.read(context.spark(), corpus, context.progress());
        read.docs().write().mode("overwrite").parquet(new Path(dir, "docs").toString());
        ReadReport report = read.report();
        StageFiles.writeJson(new Path(dir, "stats.json"), report);
        if (report.corrupt() > 0) {
            context.progress().accept(String.format(Locale.ROOT, "%,d corrupt or unreadable records (not dropped "
                    + "silently: see %s/stats.json, corruptSample)", report.corrupt(), dir));
        }
        return report;
    }

    @Override
    public PipelineState after(PipelineState in, String dir) {
        return in.withDocs(new Path(dir, "docs").toString());
    }

    @Override
    public String summarise(Object stats) {
        return stats instanceof ReadReport r ? r.summary() : String.valueOf(stats);
    }
}
