package org.sparkharness.driver.curate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sparkharness.data.noise.NoiseSettings;
import org.sparkharness.data.prune.PruneSettings;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.text.dedup.ExactDedupSettings;
import org.sparkharness.data.text.dedup.NearDedupSettings;
import org.sparkharness.data.text.filter.FilterSettings;
import org.sparkharness.driver.config.ConfigLoader;

/**
 * One entry of a pipeline's {@code stages:} list, less its {@code name}: {@code type} picks the record, the rest of
 * the mapping is that stage's settings (the data-pipeline record the stage's job takes, bound as the whole mapping).
 * A new stage type is one {@code @JsonSubTypes} entry here, its record, and the {@link CurationStage} it builds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StageConfig.Score.class, name = "score"),
    @JsonSubTypes.Type(value = StageConfig.Prune.class, name = "prune"),
    @JsonSubTypes.Type(value = StageConfig.Noise.class, name = "noise"),
    @JsonSubTypes.Type(value = StageConfig.Filter.class, name = "filter"),
    @JsonSubTypes.Type(value = StageConfig.Dedup.class, name = "dedup"),
})
sealed interface StageConfig {

    /** The stage these settings configure. */
    CurationStage build();

    record Score(ScoreSettings settings) implements StageConfig {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Score {}

        @Override public CurationStage build() { return new ScoreStage(settings); }
    }

    record Prune(PruneSettings settings) implements StageConfig {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Prune {}

        @Override public CurationStage build() { return new PruneStage(settings); }
    }

    record Noise(NoiseSettings settings) implements StageConfig {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Noise {}

        @Override public CurationStage build() { return new NoiseStage(settings); }
    }

    record Filter(FilterSettings settings) implements StageConfig {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Filter {}

        @Override public CurationStage build() { return new FilterStage(settings); }
    }

    /**
     * {@code type: dedup} with {@code method: exact} (the default) or {@code near}. The method is a second type name
     * in the same mapping; it is filled in here rather than by a Jackson default, which would take a misspelt method
     * for exact without a word.
     */
    record Dedup(DedupMethod method) implements StageConfig {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Dedup of(ObjectNode mapping) {
            ObjectNode withMethod = mapping.deepCopy();
            if (withMethod.path("method").isMissingNode() || withMethod.get("method").isNull()) {
                withMethod.put("method", "exact");
            }
            return new Dedup(ConfigLoader.bind(withMethod, DedupMethod.class, ""));
        }

        @Override public CurationStage build() { return method.build(); }
    }

    /** Dedup's methods, by their {@code method:} name (not stage types themselves, so not a {@code type:} name). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "method")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ExactDedup.class, name = "exact"),
        @JsonSubTypes.Type(value = NearDedup.class, name = "near"),
    })
    sealed interface DedupMethod {
        CurationStage build();
    }

    record ExactDedup(ExactDedupSettings settings) implements DedupMethod {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public ExactDedup {}

        @Override public CurationStage build() { return new DedupStage(settings); }
    }

    record NearDedup(NearDedupSettings settings) implements DedupMethod {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public NearDedup {}

        @Override public CurationStage build() { return new DedupStage(settings); }
    }
}
