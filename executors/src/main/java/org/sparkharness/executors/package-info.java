/** Code that runs inside Spark tasks: DL4J models, gradient work, straggler injection and per-JVM caches. */
package org.sparkharness.executors;
