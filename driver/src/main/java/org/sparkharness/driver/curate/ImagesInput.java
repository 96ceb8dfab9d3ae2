package org.sparkharness.driver.curate;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * An image classification training set for score, prune and noise stages. Defaults: source fashion-mnist, dir
 * data/fashion-mnist (any Hadoop URI), no limit; {@code limit} keeps the first N training examples (previews).
 */
public record ImagesInput(String source, String dir, Integer limit) implements Serializable {
    public static final List<String> SOURCES = List.of("fashion-mnist");

    public ImagesInput {
        source = source == null ? "fashion-mnist" : source;
        if (!SOURCES.contains(source)) throw new ConfigException("source", source, "must be one of " + SOURCES);
        dir = dir == null || dir.isBlank() ? "data/fashion-mnist" : dir;
        if (limit != null) Check.positiveInt("limit", limit);
    }
}
