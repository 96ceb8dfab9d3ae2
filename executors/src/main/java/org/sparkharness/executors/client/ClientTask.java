package org.sparkharness.executors.client;

import java.io.Serializable;

/**
 * What one sampled client does in a round, as the strategy configured it.
 *
 * @param client         client id
 * @param epochs         local epochs this round (a FedProx straggler gets fewer than E)
 * @param mu             proximal coefficient μ (0: plain local objective)
 * @param straggler      whether the round's straggler draw picked this client
 * @param startFromStore start from the client's own model in the client store (FedCAC) instead of the global one
 */
public record ClientTask(int client, int epochs, double mu, boolean straggler, boolean startFromStore)
        implements Serializable {
    public ClientTask {
        if (epochs < 1) throw new IllegalArgumentException("client " + client + ": epochs must be >= 1, got " + epochs);
        if (!(mu >= 0)) throw new IllegalArgumentException("client " + client + ": mu must be >= 0, got " + mu);
    }
}
