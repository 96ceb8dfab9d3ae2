/**
 * The work a parameter-server worker does inside one Spark task: sample its minibatch deterministically, compute the
 * gradient sum, optionally sleep to emulate a straggler, and honour cancellation between steps.
 */
package org.sparkharness.executors.worker;
