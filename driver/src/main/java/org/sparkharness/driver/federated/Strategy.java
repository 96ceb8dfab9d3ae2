package org.sparkharness.driver.federated;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparkharness.executors.client.ClientTask;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.PersonalModel;
import org.sparkharness.optimizers.ParamTable;

/**
 * A federated algorithm, in the shape of Flower's strategies: it configures each sampled client's round and
 * aggregates what came back (docs/algorithms/federated.md §1). The maths lives in pure functions
 * ({@link org.sparkharness.executors.client.Aggregation}, {@link org.sparkharness.executors.client.fedcac.FedCac});
 * a strategy only wires them to the round. Stragglers and failures arrive as data.
 */
public interface Strategy {

    /** The config name, e.g. {@code fedprox}. */
    String name();

    /**
     * The task of a sampled client, or empty when it does not train this round (a straggler that FedAvg drops).
     *
     * @param straggler   whether the round's straggler draw picked the client
     * @param localEpochs E
     */
    Optional<ClientTask> configure(long round, int client, boolean straggler, int localEpochs, long seed);

    /**
     * The next global parameters from the accepted updates, sorted by client id. An empty list keeps
     * {@code global}. May write personal state (FedCAC's customised models) to the client store.
     */
    Aggregate aggregate(long round, ParamTable global, List<ClientUpdate> accepted);

    /** Which model a client counts as its own in personalised accuracy. */
    default PersonalModel personalModel() {
        return PersonalModel.GLOBAL;
    }

    /** FedCAC's τ when clients must return critical-parameter masks, else null. */
    default Double criticalRatio() {
        return null;
    }

    /**
     * @param global  the next global parameters
     * @param metrics strategy-specific numbers for the round's metrics line
     */
    record Aggregate(ParamTable global, Map<String, Object> metrics) {
        public Aggregate {
            metrics = Map.copyOf(metrics);
        }
    }
}
