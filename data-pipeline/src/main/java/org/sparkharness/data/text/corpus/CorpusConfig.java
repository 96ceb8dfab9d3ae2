package org.sparkharness.data.text.corpus;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * A corpus: inputs read in order, ids continuing from one input to the next, optionally limited to the first
 * {@code limit} documents (preview; later inputs are then not read at all).
 *
 * @param inputs default: the offline corpus of docs/algorithms/data-pipeline.md §4 under {@code data/}
 *               ({@link #standard})
 * @param limit  documents at most, over all inputs; default none
 */
public record CorpusConfig(List<CorpusInput> inputs, Long limit) implements Serializable {

    /** Where {@code scripts/fetch-data text-corpora} writes by default, relative to the repository root. */
    public static final String DEFAULT_DATA_DIR = "data";

    public CorpusConfig {
        inputs = inputs == null ? standard(DEFAULT_DATA_DIR).inputs() : List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new ConfigException("inputs", inputs, "must name at least one input");
        }
        if (limit != null && limit <= 0) {
            throw new ConfigException("limit", limit, "must be > 0");
        }
    }

    /** The §4 corpus under {@code data/}. */
    public static CorpusConfig defaults() {
        return new CorpusConfig(null, null);
    }

    /**
     * The offline corpus of docs/algorithms/data-pipeline.md §4, in its order (first-occurrence dedup depends on it):
     * Europarl, then SpamAssassin, then the Jargon File, from {@code dataDir/{europarl,spam-assassin,jargon}} as
     * {@code scripts/fetch-data text-corpora --dest dataDir} writes them. 24,684 documents in all.
     */
    public static CorpusConfig standard(String dataDir) {
        return new CorpusConfig(List.of(
                CorpusInput.of(CorpusInput.EUROPARL, child(dataDir, "europarl")),
                CorpusInput.of(CorpusInput.SPAM_ASSASSIN, child(dataDir, "spam-assassin")),
                CorpusInput.of(CorpusInput.JARGON, child(dataDir, "jargon"))), null);
    }

    public CorpusConfig withLimit(Long newLimit) {
        return new CorpusConfig(inputs, newLimit);
    }

    private static String child(String dir, String name) {
        return new Path(dir, name).toString();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public CorpusConfig withInputs(List<CorpusInput> inputs) {
        return new CorpusConfig(inputs, limit);
    }
}
