/**
 * Training data from the user's tables, read by the executors: {@link org.sparkharness.data.table.ExampleTables}
 * reads a table with Spark's DataFrameReader and brings it to one shape (id, features vector, label, split, row
 * problem); {@link org.sparkharness.data.table.TrainingTable} counts and checks the rows in one pass and cuts them
 * into cached worker shards by a seeded hash of each id ({@link org.sparkharness.data.table.TableShards}). The driver
 * holds the schema, the counts and the shard sizes, never the rows; shards keep their lineage to the files, so Spark
 * rebuilds a shard lost with its executor.
 */
package org.sparkharness.data.table;
