package org.sparkharness.driver.config;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Training data. Defaults: source fashion-mnist, dir data/fashion-mnist (any Hadoop URI), batchSize 64 per worker,
 * no limits. {@code trainLimit}/{@code testLimit} keep only the first N examples (quick runs).
 */
public record DataConfig(String source, String dir, Integer batchSize, Integer trainLimit, Integer testLimit)
        implements Serializable {
    public static final List<String> SOURCES = List.of("fashion-mnist");

    public DataConfig {
        source = source == null ? "fashion-mnist" : source;
        if (!SOURCES.contains(source)) throw new ConfigException("source", source, "must be one of " + SOURCES);
        dir = dir == null || dir.isBlank() ? "data/fashion-mnist" : dir;
        batchSize = Check.positiveInt("batchSize", batchSize == null ? 64 : batchSize);
        if (trainLimit != null) Check.positiveInt("trainLimit", trainLimit);
        if (testLimit != null) Check.positiveInt("testLimit", testLimit);
    }

    public static DataConfig defaults() { return new DataConfig(null, null, null, null, null); }
}
