package org.sparkharness.data.noise;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What {@link NoiseJob} writes to {@code stats.json}.
 *
 * @param n                examples ranked
 * @param score            column the flags are drawn from
 * @param flagged          examples flagged (the highest {@code score})
 * @param flagRule         {@code auto} or the fraction
 * @param flaggedPerClass  flagged examples per (possibly noisy) label
 * @param noisy            examples whose label was changed by injected noise; null without a {@code noisy} column
 * @param flaggedNoisy     flagged examples that are noisy (null without ground truth)
 * @param flaggedPrecision flaggedNoisy / flagged
 * @param metrics          per score column present ({@code el2n}, {@code grand}, {@code loss}, NaN-free):
 *                         precision at n_noisy and AUROC; null without ground truth
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoiseReport(long n, String score, long flagged, String flagRule, Map<Integer, Long> flaggedPerClass,
                          Long noisy, Long flaggedNoisy, Double flaggedPrecision, Map<String, Metric> metrics) {

    /** Detection quality of one score. */
    public record Metric(double precisionAtNoisy, double auroc) {}
}
