/**
 * Noisy-label detection with pruning scores (docs/algorithms/data-pipeline.md §1.5): the highest-EL2N examples are
 * flagged as suspected mislabels; with injected noise (the {@code noisy} column of
 * {@link org.sparkharness.data.score.ScoreJob}) the ranking is measured by precision at the number of noisy examples
 * and by AUROC, for EL2N, GraNd and loss.
 */
package org.sparkharness.data.noise;
