/**
 * Federated data: how a centralised dataset is split over clients, the FedProx synthetic generator, and an importer
 * for LEAF/FedProx JSON files (docs: {@code docs/algorithms/federated.md} §3.4, §3.5, §6).
 *
 * <p>Everything here is plain Java (no Spark, no ND4J) and deterministic for a seed. Every random draw comes from a
 * {@link org.apache.commons.math3.random.Well19937c} stream keyed by {@code (seed, purpose, client)} (see
 * {@code Rngs}), so a client's data depends only on the seed and its own index, never on the order in which other
 * clients were built (the per-client RNG rule of {@code docs/algorithms/federated.md} §1).
 *
 * <p>Entry points: {@link org.sparkharness.data.federated.Partitioners} (IID, Fling fixed-size Dirichlet, McMahan
 * shards) returning {@link org.sparkharness.data.federated.ClientSplit} index lists;
 * {@link org.sparkharness.data.federated.SyntheticFedProx} and {@link org.sparkharness.data.federated.LeafJson}
 * returning per-client {@link org.sparkharness.data.federated.ClientArrays}.
 */
package org.sparkharness.data.federated;
