package org.sparkharness.optimizers.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import org.sparkharness.optimizers.ObjectiveOptimizer;

/**
 * The {@code optimizer:} section of a run configuration. YAML selects the implementation by name
 * ({@code type: sgd | adamw | ...}); the names are declared here (and the first-order ones again on
 * {@link FirstOrderConfig}, the types a wrapper accepts as {@code base:}). Implementations are records that
 * apply defaults and validate in their compact constructors, so a config that exists is valid.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SgdConfig.class, name = "sgd"),
    @JsonSubTypes.Type(value = AdamWConfig.class, name = "adamw"),
    @JsonSubTypes.Type(value = AdafactorConfig.class, name = "adafactor"),
    @JsonSubTypes.Type(value = AdamAtan2Config.class, name = "adam-atan2"),
    @JsonSubTypes.Type(value = LionConfig.class, name = "lion"),
    @JsonSubTypes.Type(value = SamConfig.class, name = "sam"),
    @JsonSubTypes.Type(value = SvenConfig.class, name = "sven"),
    @JsonSubTypes.Type(value = SafConfig.class, name = "saf"),
    @JsonSubTypes.Type(value = MesaConfig.class, name = "mesa")
})
public sealed interface OptimizerConfig extends Serializable
        permits FirstOrderConfig, SamConfig, SvenConfig, SafConfig, MesaConfig {

    /** A new optimizer with these hyperparameters. */
    ObjectiveOptimizer build();

    /**
     * The learning rate η the step applies (a wrapper's is its base optimizer's), for the dynamic backup policy's
     * progress model; NaN when the step size is not fixed (Adafactor's relative step). Not a config field.
     */
    double learningRate();

    /**
     * Whether the method remembers each training example's class probabilities from earlier epochs (SAF's logit
     * memory, MESA's teacher): it then needs fixed worker shards across epochs and a classification task.
     */
    default boolean tracksExamplesAcrossEpochs() {
        return false;
    }

    /** Whether the step is θ −= η·ḡ exactly (SGD without momentum or weight decay), where DBW's bound holds. */
    default boolean plainSgd() {
        return false;
    }
}
