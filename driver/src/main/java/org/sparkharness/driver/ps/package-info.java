/**
 * Synchronous parameter server on the Spark driver (docs/algorithms/parameter-server.md §1): backup-worker policies as
 * pure functions, round execution behind {@link org.sparkharness.driver.ps.RoundExecutor}, and the round loop.
 */
package org.sparkharness.driver.ps;
