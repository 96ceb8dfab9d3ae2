/** Turning a loaded dataset into the per-worker shards that Spark caches. */
package org.sparkharness.driver.data;
