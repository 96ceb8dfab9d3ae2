package org.sparkharness.data.text.dedup;

import java.io.Serializable;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Settings of {@link ExactDedup}; Jackson binds it from YAML/JSON, missing fields take the defaults.
 *
 * @param normalisation how the key is computed; default {@link TextNormalisation#defaults()} (whitespace collapsing)
 * @param sampleSize    how many removed documents (smallest ids first) the stats list; default 20, {@code >= 0}
 */
public record ExactDedupSettings(TextNormalisation normalisation, Integer sampleSize) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Applies the defaults and validates; throws {@link ConfigException} naming the field. */
    public ExactDedupSettings {
        normalisation = normalisation == null ? TextNormalisation.defaults() : normalisation;
        sampleSize = sampleSize == null ? 20 : sampleSize;
        if (sampleSize < 0) {
            throw new ConfigException("sampleSize", sampleSize, "must be >= 0");
        }
    }

    public static ExactDedupSettings defaults() {
        return new ExactDedupSettings(null, null);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public ExactDedupSettings withNormalisation(TextNormalisation normalisation) {
        return new ExactDedupSettings(normalisation, sampleSize);
    }

    public ExactDedupSettings withSampleSize(int sampleSize) {
        return new ExactDedupSettings(normalisation, sampleSize);
    }
}
