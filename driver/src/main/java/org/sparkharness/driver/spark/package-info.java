/**
 * The only code that talks to Spark's scheduler and configuration: session settings, Scala function adapters,
 * the round executor and distributed evaluation. dl4j-spark (Scala 2.12 only) is referenced from here alone.
 */
package org.sparkharness.driver.spark;
