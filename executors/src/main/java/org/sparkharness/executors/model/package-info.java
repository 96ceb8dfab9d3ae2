/**
 * Model specifications (config records that build DL4J networks) and the adapter between a DL4J network and a
 * {@link org.sparkharness.optimizers.ParamTable}. Networks use the {@code NoOp} updater: the harness owns every update.
 */
package org.sparkharness.executors.model;
