package org.sparkharness.driver.federated;

import java.util.List;
import org.sparkharness.executors.client.ClientEvaluation;
import org.sparkharness.executors.client.ClientEvaluator;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.RoundPlan;
import org.sparkharness.optimizers.ParamTable;

/**
 * Where the simulated clients live and run: on Spark executors ({@link SparkClients}) or in this JVM
 * ({@link InProcessClients}). Results come back sorted by client id, so what the coordinator does with them does
 * not depend on partitioning or task order.
 */
public interface FederatedClients extends AutoCloseable {
    /** How many groups the clients are split into (Spark partitions). */
    int partitions();

    /** Trains the clients {@code plan} names; one update per client, sorted by id. */
    List<ClientUpdate> train(ClientRunner runner, RoundPlan plan);

    /** Evaluates every client against {@code global}; one result per client, sorted by id. */
    List<ClientEvaluation> evaluate(ClientEvaluator evaluator, ParamTable global, ParamTable initialLocal,
                                    List<String> order, long version);

    @Override
    void close();
}
