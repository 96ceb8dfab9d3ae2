/**
 * Federated simulation (docs/algorithms/federated.md §1): client sampling and stragglers,
 * the {@link org.sparkharness.driver.federated.Strategy} implementations (FedAvg, FedProx, FedCAC, FedPara/pFedPara via
 * the model's parameterisation), the round loop with metrics and checkpoints, and the job behind
 * {@code harness federate}. Clients train inside Spark tasks ({@code executors/client}); the driver only samples,
 * aggregates and evaluates.
 */
package org.sparkharness.driver.federated;
