package org.sparkharness.data.text.dedup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.sparkharness.optimizers.config.ConfigException;

/** Where near dedup's MinHash signatures come from; banding, verification and clustering are the same for both. */
public enum SignatureMode {
    /** {@link MinHasher}: datatrove's shingles, 64-bit hashes and permutations (the default). */
    DATATROVE("datatrove"),
    /**
     * Spark MLlib: RegexTokenizer → NGram → HashingTF(binary) → MinHashLSH with bands·rows hash tables
     * (31-bit hashes over hashed feature indices; docs/algorithms/data-pipeline.md §3.3).
     */
    MLLIB("mllib");

    private final String key;

    SignatureMode(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static SignatureMode of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (SignatureMode m : values()) {
                if (m.key.equals(n)) {
                    return m;
                }
            }
        }
        throw new ConfigException("signatures", name, "must be one of datatrove, mllib");
    }
}
