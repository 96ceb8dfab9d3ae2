/**
 * Benchmarks of the optimizers against DL4J's own updaters, in the same run ({@code scripts/bench step-cost}).
 * Benchmarks are not tests: they print a table and write JSON (style.md B8).
 */
package org.sparkharness.optimizers.bench;
