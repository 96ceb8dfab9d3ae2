package org.sparkharness.data.text.corpus;

import org.apache.spark.api.java.JavaRDD;

/**
 * How one format turns files into records. Implementations list the files that belong to the input and read them
 * into partitions that are contiguous, ordered runs: every record of partition {@code p} precedes every record of
 * partition {@code p + 1}, and records keep file order inside a partition. {@link CorpusReader} relies on it to
 * number documents without sorting.
 */
interface RecordSource {

    /** The input's files, sorted; empty when none qualifies. */
    InputFiles list(ReadContext ctx);

    /** Records of {@code files} (a contiguous slice of {@link #list}) in ordered partitions. */
    JavaRDD<Record> records(ReadContext ctx, InputFiles files);

    /** Whether each file gives at most one document, so that a preview of n documents needs about n files. */
    boolean documentPerFile();

    /** The command that fetches this format's standard dataset, or null when there is none. */
    default String fetchCommand() {
        return null;
    }

    static RecordSource of(String format) {
        switch (format) {
            case CorpusInput.EUROPARL:
                return new EuroparlLines();
            case CorpusInput.SPAM_ASSASSIN:
                return new SpamAssassinMessages();
            case CorpusInput.JARGON:
                return new LineChunks();
            case CorpusInput.JSONL:
                return new JsonLines();
            case CorpusInput.TEXT:
                return new TextFiles();
            case CorpusInput.PARQUET:
                return new ParquetRows();
            default:
                throw new IllegalArgumentException("unknown corpus format " + format + "; known: "
                        + CorpusInput.FORMATS);
        }
    }
}
