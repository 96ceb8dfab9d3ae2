package org.sparkharness.driver.federated;

import java.util.Optional;
import org.sparkharness.executors.client.ClientTask;
import org.sparkharness.executors.client.PersonalModel;

/**
 * FedProx (Li et al., arXiv 1812.06127), the official protocol (docs/algorithms/federated.md §3.2): every sampled
 * client trains on F_k(w) + μ/2‖w − w_t‖²; a straggler runs a random number of epochs in {1, …, E − 1} and its partial
 * solution is aggregated with the others (n_k-weighted). With μ = 0 and no stragglers it is FedAvg, bit for bit.
 */
public final class FedProxStrategy extends FedAvgStrategy {
    private final double mu;

    public FedProxStrategy(double mu, boolean uniform, PersonalModel personal) {
        super("fedprox", uniform, personal);
        this.mu = mu;
    }

    @Override
    public Optional<ClientTask> configure(long round, int client, boolean straggler, int localEpochs, long seed) {
        int epochs = straggler ? ClientSampler.partialEpochs(localEpochs, seed, round, client) : localEpochs;
        return Optional.of(new ClientTask(client, epochs, mu, straggler, false));
    }
}
