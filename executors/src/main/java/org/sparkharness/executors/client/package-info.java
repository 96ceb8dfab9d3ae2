/**
 * Server-side federated math as pure functions over {@link org.sparkharness.optimizers.ParamTable}s: sample-weighted
 * and unweighted means, finiteness checks, and (in {@code fedcac}) the FedCAC collaboration step. No Spark here: the
 * strategies call these with the round's client results in client-id order, which together with float64 accumulation
 * makes the aggregate independent of partitioning (federated.md §1, goal G0.3).
 */
package org.sparkharness.executors.client;
