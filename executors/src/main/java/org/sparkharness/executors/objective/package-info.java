/**
 * The {@link org.sparkharness.optimizers.Objective} over DL4J networks: loss, gradient and per-example Jacobians on a
 * fixed minibatch, and the loss terms that ride on the output layer (SAF/MESA's trajectory term).
 */
package org.sparkharness.executors.objective;
