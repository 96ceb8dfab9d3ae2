/**
 * The round plane of the persistent engine, worker side: the messages a long-lived worker task and the driver's
 * endpoint exchange over Spark's network layer, the task's loop, and the transport settings both sides share.
 */
package org.sparkharness.executors.rounds;
