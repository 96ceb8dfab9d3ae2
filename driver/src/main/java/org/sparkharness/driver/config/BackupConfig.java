package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/** How many of the n workers each round waits for. Config: {@code backup: {policy: none | static, b: 2}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "policy")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BackupConfig.None.class, name = "none"),
    @JsonSubTypes.Type(value = BackupConfig.Static.class, name = "static"),
})
public sealed interface BackupConfig extends Serializable {

    /** Plain synchronous SGD: wait for all n workers (b = 0). */
    record None() implements BackupConfig {}

    /** Static backup workers (Chen et al., arXiv 1604.00981): wait for the fastest n − b. Default b = 1. */
    record Static(Integer b) implements BackupConfig {
        public Static {
            b = b == null ? 1 : b;
            if (b < 0) throw new org.sparkharness.optimizers.config.ConfigException("b", b, "must be >= 0");
        }
    }
}
