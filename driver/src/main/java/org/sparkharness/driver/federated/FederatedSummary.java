package org.sparkharness.driver.federated;

import org.sparkharness.optimizers.ParamTable;

/**
 * The outcome of a federated run.
 *
 * @param rounds        rounds completed
 * @param global        final global parameters (trainable entries that travel)
 * @param lastEval      the last evaluation
 * @param bytesUp       bytes uploaded by clients over the whole run
 * @param bytesDown     bytes downloaded by clients over the whole run
 * @param clientUpdates client updates trained in this process (not counting rounds before a resume)
 * @param rejected      updates rejected for NaN/Inf in this process
 * @param seconds       wall-clock seconds of the round loop in this process
 */
public record FederatedSummary(long rounds, ParamTable global, EvalStats lastEval, long bytesUp, long bytesDown,
                               long clientUpdates, long rejected, double seconds) {

    public double clientUpdatesPerSecond() {
        return seconds > 0 ? clientUpdates / seconds : Double.NaN;
    }
}
