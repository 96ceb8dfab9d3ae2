package org.sparkharness.optimizers.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.sparkharness.optimizers.Optimizer;

/**
 * Configs of optimizers that need one minibatch gradient per step. These are the ones a wrapper such as SAM or SAF
 * accepts as its {@code base:} optimizer, so the type names allowed there are the ones listed here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SgdConfig.class, name = "sgd"),
    @JsonSubTypes.Type(value = AdamWConfig.class, name = "adamw"),
    @JsonSubTypes.Type(value = AdafactorConfig.class, name = "adafactor"),
    @JsonSubTypes.Type(value = AdamAtan2Config.class, name = "adam-atan2"),
    @JsonSubTypes.Type(value = LionConfig.class, name = "lion")
})
public sealed interface FirstOrderConfig extends OptimizerConfig permits SgdConfig, AdamWConfig,
        AdafactorConfig, AdamAtan2Config, LionConfig {

    @Override
    Optimizer build();
}
