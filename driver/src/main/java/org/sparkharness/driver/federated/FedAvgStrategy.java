package org.sparkharness.driver.federated;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparkharness.executors.client.Aggregation;
import org.sparkharness.executors.client.ClientTask;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.PersonalModel;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedAvg (McMahan et al., arXiv 1602.05629): w ← Σ n_k w_k / Σ n_k over the clients that returned (or uniform
 * weights); stragglers are dropped, as in FedProx's FedAvg baseline. FedPara and pFedPara are this strategy over
 * factor tables: the parameterisation decides what the parameters are, the averaging stays the same.
 */
public class FedAvgStrategy implements Strategy {
    private final String name;
    private final boolean uniform;
    private final PersonalModel personal;

    /**
     * @param uniform  equal client weights instead of n_k
     * @param personal GLOBAL, or GLOBAL_WITH_LOCAL when the parameterisation keeps entries on the clients
     */
    public FedAvgStrategy(String name, boolean uniform, PersonalModel personal) {
        this.name = name;
        this.uniform = uniform;
        this.personal = personal;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<ClientTask> configure(long round, int client, boolean straggler, int localEpochs, long seed) {
        return straggler ? Optional.empty() : Optional.of(new ClientTask(client, localEpochs, 0, false, false));
    }

    @Override
    public Aggregate aggregate(long round, ParamTable global, List<ClientUpdate> accepted) {
        if (accepted.isEmpty()) return new Aggregate(global, Map.of("kept_previous_model", true));
        return new Aggregate(average(accepted, uniform), Map.of());
    }

    @Override
    public PersonalModel personalModel() {
        return personal;
    }

    /** Weighted (n_k) or uniform mean of the updates' parameters, in their (client id) order. */
    static ParamTable average(List<ClientUpdate> accepted, boolean uniform) {
        double[] weights = new double[accepted.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = uniform ? 1 : accepted.get(i).trainSize();
        return Aggregation.weightedMean(accepted.stream().map(ClientUpdate::params).toList(), weights);
    }
}
