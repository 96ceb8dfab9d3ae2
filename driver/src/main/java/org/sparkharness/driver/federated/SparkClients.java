package org.sparkharness.driver.federated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkharness.driver.spark.CachedShards;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.client.ClientEvaluation;
import org.sparkharness.executors.client.ClientEvaluator;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.RoundPlan;
import org.sparkharness.optimizers.ParamTable;

/**
 * The simulated clients as a cached RDD (many clients per partition) and the two jobs a round runs on them:
 * local training of the sampled clients, and evaluation of every client.
 */
public final class SparkClients implements FederatedClients {
    private final JavaSparkContext jsc;
    private final JavaRDD<ClientData> clients;
    private final int partitions;

    /** Caches {@code data} in {@code partitions} partitions; the driver's copy can be dropped afterwards. */
    public SparkClients(JavaSparkContext jsc, List<ClientData> data, int partitions) {
        this.jsc = jsc;
        this.partitions = Math.max(1, Math.min(partitions, data.size()));
        this.clients = CachedShards.of(jsc, data, this.partitions, "federated clients");
    }

    /** Clients already built and cached by the executors ({@link FederatedTable}); closing unpersists them. */
    public SparkClients(JavaSparkContext jsc, JavaRDD<ClientData> cached, int partitions) {
        this.jsc = jsc;
        this.partitions = partitions;
        this.clients = cached;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public List<ClientUpdate> train(ClientRunner runner, RoundPlan plan) {
        Broadcast<RoundPlan> shared = jsc.broadcast(plan);
        try {
            jsc.sc().setLocalProperty("spark.job.description", "federated round " + plan.round());
            List<ClientUpdate> out = new ArrayList<>(clients
                    .mapPartitions(it -> runner.run(it, shared.value()).iterator())
                    .collect());
            out.sort(Comparator.comparingInt(ClientUpdate::client));
            return out;
        } finally {
            shared.destroy(false);
        }
    }

    @Override
    public List<ClientEvaluation> evaluate(ClientEvaluator evaluator, ParamTable global, ParamTable initialLocal,
                                          List<String> order, long version) {
        Broadcast<ParamTable> g = jsc.broadcast(global);
        Broadcast<ParamTable> l = jsc.broadcast(initialLocal);
        try {
            jsc.sc().setLocalProperty("spark.job.description", "federated evaluation after round " + (version - 1));
            List<ClientEvaluation> out = new ArrayList<>(clients
                    .mapPartitions(it -> evaluator.run(it, g.value(), l.value(), order, version).iterator())
                    .collect());
            out.sort(Comparator.comparingInt(ClientEvaluation::client));
            return out;
        } finally {
            g.destroy(false);
            l.destroy(false);
        }
    }

    @Override
    public void close() {
        clients.unpersist(false);
    }
}
