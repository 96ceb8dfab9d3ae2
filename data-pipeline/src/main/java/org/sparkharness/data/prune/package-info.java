/**
 * Score-based data pruning (docs/algorithms/data-pipeline.md §1.4): keep the hardest examples with an optional offset
 * that skips the very hardest (the default at keep ≤ 30 %), the easiest, a seeded random subset, per-class budgets
 * (DeepCore {@code balance}), or CCS stratified sampling over score bins (Zheng et al., ICLR 2023).
 *
 * <p>{@link org.sparkharness.data.prune.Selection} is the in-memory rule set; {@link org.sparkharness.data.prune.PruneJob}
 * applies the same rules to a Spark score table and is held equal to it by a test;
 * {@code PruningStudy} (in {@code src/bench/java}, not part of the jar) measures what pruning does to accuracy at
 * equal SGD steps.
 */
package org.sparkharness.data.prune;
