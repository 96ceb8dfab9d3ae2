package org.sparkharness.data.text.filter;

import java.util.List;
import java.util.Map;

/**
 * What {@link TextFilterJob} did, as written to {@code stats.json}. Characters are Unicode code points (Spark's
 * {@code length}, Python's {@code len}); bytes are UTF-8 ({@code octet_length}). Kept documents are counted with
 * their output text (C4 may have removed lines), dropped ones with their input text.
 *
 * @param tokenizer        {@link org.sparkharness.data.text.words.WordTokenizer#name()} of the chain
 * @param settings         the full resolved settings (every threshold)
 * @param docsIn           input rows
 * @param docsOut          kept rows
 * @param docsDropped      excluded rows
 * @param charsIn          code points of all input texts
 * @param charsOut         code points of the kept output texts
 * @param bytesIn          UTF-8 bytes of all input texts
 * @param bytesOut         UTF-8 bytes of the kept output texts
 * @param dropsByReason    excluded rows per reason, by count descending, then name
 * @param bySource         kept and dropped rows per value of the {@code source} column (empty without one), by name
 * @param samples          per reason (in {@code dropsByReason} order), the first {@code samplesPerReason} excluded
 *                         rows by id
 * @param chainEvaluations times the chain ran (an accumulator): equals docsIn unless Spark re-ran a task
 * @param wallSeconds      the whole job, writes included
 * @param docsPerSecond    docsIn / wallSeconds
 */
public record FilterStats(
        String tokenizer,
        FilterSettings settings,
        long docsIn,
        long docsOut,
        long docsDropped,
        long charsIn,
        long charsOut,
        long bytesIn,
        long bytesOut,
        Map<String, Long> dropsByReason,
        Map<String, SourceCounts> bySource,
        Map<String, List<Sample>> samples,
        long chainEvaluations,
        double wallSeconds,
        double docsPerSecond) {

    /** Rows of one source. */
    public record SourceCounts(long kept, long dropped) {}

    /**
     * One excluded document.
     *
     * @param id        its id
     * @param location  its {@code location} column, or null without one
     * @param text      the input text, cut to {@link TextFilterJob#SAMPLE_CHARS} code points
     * @param textChars the full text's length in code points
     */
    public record Sample(long id, String location, String text, long textChars) {}
}
