/**
 * The round loop both servers share: play a round, evaluate, log, checkpoint and stop on one cadence
 * ({@link org.sparkharness.driver.rounds.RoundLoop}). The parameter server and the federated coordinator plug in as
 * {@link org.sparkharness.driver.rounds.RoundServer}s; what a round leaves in {@code metrics.jsonl} is a typed
 * {@link org.sparkharness.driver.rounds.RoundEvent} plus an {@link org.sparkharness.driver.rounds.Evaluation}.
 */
package org.sparkharness.driver.rounds;
