/**
 * FedCAC (Wu, Liu, Niu, Zhu, Tang: "Bold but Cautious: Unlocking the Potential of Personalized Federated Learning
 * through Cautiously Aggressive Collaboration", ICCV 2023, arXiv 2309.11103) as pure server-side functions, following
 * the semantics of Fling's {@code fedcac_client.py} / {@code fedcac_group.py} (docs/algorithms/federated.md §4.1):
 * per-parameter sensitivity, top-τ critical masks, mask overlaps, the β-schedule threshold, collaborator sets,
 * customised models and the masked sync. Everything is computed in float64 and in client order.
 */
package org.sparkharness.executors.client.fedcac;
