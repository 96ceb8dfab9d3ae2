/**
 * FedPara and pFedPara (Hyeon-Woo, Ye-Bin, Oh, ICLR 2022, arXiv 2108.06098; docs/algorithms/federated.md §5) as a
 * reparameterisation of a DL4J network's parameter table: clients train and transmit low-rank Hadamard factors,
 * the network stays an ordinary dense/conv network. {@link org.sparkharness.executors.fedpara.Parameterisation} is
 * the contract, {@link org.sparkharness.executors.fedpara.FedPara} the plan (ranks, init, counts),
 * {@link org.sparkharness.executors.fedpara.ReparameterisedObjective} the bridge to optimizers.
 */
package org.sparkharness.executors.fedpara;
