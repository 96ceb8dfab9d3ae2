package org.sparkharness.driver.federated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.client.ClientEvaluation;
import org.sparkharness.executors.client.ClientEvaluator;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.RoundPlan;
import org.sparkharness.optimizers.ParamTable;

/**
 * The clients in this JVM, in {@code partitions} groups run one after another with the same code a Spark task runs:
 * for single-JVM baselines and for testing the coordinator without Spark.
 */
public class InProcessClients implements FederatedClients {
    private final List<List<ClientData>> groups = new ArrayList<>();

    public InProcessClients(List<ClientData> clients, int partitions) {
        int p = Math.max(1, Math.min(partitions, clients.size()));
        for (int i = 0; i < p; i++) groups.add(new ArrayList<>());
        // Round-robin, like a parallelised collection's slices would not be: the grouping must not matter.
        for (int i = 0; i < clients.size(); i++) groups.get(i % p).add(clients.get(i));
    }

    @Override
    public int partitions() { return groups.size(); }

    @Override
    public List<ClientUpdate> train(ClientRunner runner, RoundPlan plan) {
        List<ClientUpdate> out = new ArrayList<>();
        for (List<ClientData> group : groups) out.addAll(runner.run(group.iterator(), plan));
        out.sort(Comparator.comparingInt(ClientUpdate::client));
        return out;
    }

    @Override
    public List<ClientEvaluation> evaluate(ClientEvaluator evaluator, ParamTable global, ParamTable initialLocal,
                                           List<String> order, long version) {
        List<ClientEvaluation> out = new ArrayList<>();
        for (List<ClientData> group : groups) {
            out.addAll(evaluator.run(group.iterator(), global, initialLocal, order, version));
        }
        out.sort(Comparator.comparingInt(ClientEvaluation::client));
        return out;
    }

    @Override
    public void close() {}
}
