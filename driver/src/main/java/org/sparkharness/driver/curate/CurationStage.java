package org.sparkharness.driver.curate;

/**
 * One step of a curation pipeline. A stage reads what earlier steps left ({@link PipelineState}), writes its
 * Parquet output and {@code stats.json} into its own folder, and says what it leaves for later steps. Stages are
 * built from config by their {@link StageConfig} records; the pipeline owns ordering, resumption and reporting.
 */
public interface CurationStage {

    /** What a stage reads. */
    enum Needs { NONE, TEXT, IMAGES, SCORES }

    /** The config name of this stage's type (score, prune, noise, filter, dedup): its {@link StageConfig} name. */
    String type();

    Needs needs();

    /** The resolved settings, as written to config.yaml and hashed into the stage's fingerprint. */
    Object settings();

    /**
     * Runs the stage over {@code in}, writing into {@code dir} (any Hadoop URI; empty or absent), and returns its
     * statistics (Jackson-serialisable; the pipeline keeps a copy in the stage's completion marker).
     */
    Object run(StageContext context, PipelineState in, String dir);

    /** What the stage leaves for later ones, given its finished folder (also used when resuming past it). */
    PipelineState after(PipelineState in, String dir);

    /**
     * Files in the stage's folder that a retry under the same settings may keep (the score stage's trained models);
     * everything else is removed before a stage runs again.
     */
    default java.util.List<String> reusableOnRetry() { return java.util.List.of(); }

    /** A one-line summary of finished statistics for progress output, e.g. "24,684 in, 754 kept". */
    String summarise(Object stats);
}
