/**
 * Optimizer configuration records, bound from the run's YAML by Jackson through {@link
 * org.sparkharness.optimizers.config.OptimizerConfig}'s type names. Defaults and validation live only in each
 * record's compact constructor ({@link org.sparkharness.optimizers.config.Check}); errors are
 * {@link org.sparkharness.optimizers.config.ConfigException}s with paths relative to the record, to which the loader
 * adds the {@code optimizer.} prefix.
 */
package org.sparkharness.optimizers.config;
