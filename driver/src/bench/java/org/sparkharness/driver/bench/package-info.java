/** Benchmark programs behind {@code scripts/bench}: each compares against a baseline in the same run. */
package org.sparkharness.driver.bench;
