/** The Spark application: CLI, configuration, parameter server, runs and checkpoints. */
package org.sparkharness.driver;
