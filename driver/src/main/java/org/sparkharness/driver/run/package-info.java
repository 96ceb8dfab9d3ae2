/**
 * A run's folder on any Hadoop file system: resolved config, manifest, per-round metrics (JSON lines) and atomic
 * checkpoints that {@code --resume} continues from.
 */
package org.sparkharness.driver.run;
