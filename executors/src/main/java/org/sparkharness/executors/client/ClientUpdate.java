package org.sparkharness.executors.client;

import java.io.Serializable;
import org.sparkharness.executors.client.fedcac.CriticalMask;
import org.sparkharness.optimizers.ParamTable;

/**
 * What a client sends back after local training. A failed client still reports (with {@code rejected} set and no
 * parameters), so the server can count it instead of losing it.
 *
 * @param client     client id
 * @param trainSize  n_k, the client's number of training examples (FedAvg's weight)
 * @param params     the uploaded parameters (global entries only), or null when rejected
 * @param mask       FedCAC's critical-parameter mask, or null
 * @param epochs     local epochs run
 * @param steps      optimizer steps run
 * @param meanLoss   mean minibatch loss over local training (the local objective, proximal term included)
 * @param millis     wall-clock time of local training
 * @param straggler  whether it was a straggler this round
 * @param rejected   why the update was rejected (non-finite values), or null
 */
public record ClientUpdate(int client, int trainSize, ParamTable params, CriticalMask mask, int epochs, long steps,
                           double meanLoss, long millis, boolean straggler, String rejected) implements Serializable {

    public boolean accepted() {
        return rejected == null;
    }
}
