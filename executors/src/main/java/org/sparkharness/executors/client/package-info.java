/**
 * The client side of federated simulation, what runs inside Spark tasks, and the aggregation maths the strategies
 * share. A client trains locally from the round's global parameters (FedProx's proximal term optional, any optimizer
 * of the optimizers module), returns a {@link org.sparkharness.executors.client.ClientUpdate}, and keeps state that
 * outlives a round in the {@link org.sparkharness.executors.client.ClientStore}. Aggregation is pure functions over
 * {@link org.sparkharness.optimizers.ParamTable}s (and, in {@code fedcac}, FedCAC's collaboration step), called with
 * the round's results in client-id order; with float64 accumulation that makes the aggregate independent of
 * partitioning (docs/algorithms/federated.md §1, goal G0.3).
 */
package org.sparkharness.executors.client;
