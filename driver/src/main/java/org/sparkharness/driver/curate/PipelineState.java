package org.sparkharness.driver.curate;

/**
 * What the pipeline has produced so far: the current text documents (Parquet, TextSchema columns) and the latest
 * example scores (Parquet from a score stage). Either may be null. Image training data is not here: it comes from
 * the input section and is loaded once per run ({@link StageContext#trainImages()}).
 */
public record PipelineState(String docs, String scores) {
    public static PipelineState empty() { return new PipelineState(null, null); }

    public PipelineState withDocs(String path) { return new PipelineState(path, scores); }

    public PipelineState withScores(String path) { return new PipelineState(docs, path); }
}
