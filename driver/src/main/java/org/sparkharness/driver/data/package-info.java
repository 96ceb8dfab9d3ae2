/**
 * The data as the model sees it: {@link org.sparkharness.driver.data.ModelInput} (the input shape a dataset implies,
 * checked against the model) and {@link org.sparkharness.driver.data.Shards} (in-memory shards for in-process
 * training and benchmarks; Spark runs read their shards through {@code org.sparkharness.data.table}).
 */
package org.sparkharness.driver.data;
