/**
 * Benchmarks of the optimizers against DL4J's own updaters, in the same run ({@code scripts/bench step-cost}).
 * Benchmarks are not tests: they print a table and write JSON, and compare against a baseline measured in the same
 * run, so no test asserts a speed (CONTRIBUTING.md, "Build and test").
 */
package org.sparkharness.optimizers.bench;
