package org.sparkharness.driver.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sparkharness.driver.config.RunConfig;
import org.sparkharness.driver.config.SparkConfig;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * A curation pipeline file: where the run goes, Spark settings, the input (text corpora or an image training set)
 * and the stages in order. Each stage is a mapping with a {@code type} (score, prune, noise, filter, dedup), an
 * optional {@code name} and that type's settings; {@link Stages} binds each to its {@link StageConfig} and
 * validates the list, so errors name the field as {@code stages[2].keep}.
 */
public record CurateConfig(RunConfig run, SparkConfig spark, CurateInput input, List<ObjectNode> stages) {
    public CurateConfig {
        run = run == null ? RunConfig.defaults() : run;
        spark = spark == null ? SparkConfig.defaults() : spark;
        if (input == null) throw new ConfigException("input", null, "is required: input.text (a list of corpora) or input.images");
        if (stages == null || stages.isEmpty()) {
            throw new ConfigException("stages", stages, "must list at least one stage; types: " + Stages.TYPES);
        }
        stages = List.copyOf(stages);
    }

    public CurateConfig withMaster(String master) {
        return new CurateConfig(run, spark.withMaster(master), input, stages);
    }
}
