package org.sparkharness.driver.config;

import java.io.Serializable;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Federated simulation settings ({@code harness federate}). Components are boxed so a missing value differs from a
 * given one; after construction none is null except {@code partitions}.
 *
 * @param clients         number of simulated clients C; default 10
 * @param clientsPerRound K clients sampled uniformly without replacement each round (RNG keyed by seed and round);
 *                        default C (full participation)
 * @param rounds          communication rounds T; default 50
 * @param localEpochs     local epochs E; default 1
 * @param batchSize       local minibatch size; default 10 (FedProx's B)
 * @param stragglers      fraction of the sampled clients that straggle each round (FedProx's drop_percent); FedAvg,
 *                        FedCAC and FedPara drop them, FedProx keeps their partial work; default 0, in [0, 1)
 * @param evalEvery       evaluate every client every this many rounds (and after the last); default 1
 * @param evalTrainLoss   whether an evaluation also runs the global model over every client's train split for the
 *                        train loss (a forward pass over all training data); default true
 * @param checkpointEvery checkpoint every this many rounds; default 1
 * @param logEvery        print a progress line every this many rounds; default 1
 * @param partitions      Spark partitions of the client data; default: min(clients, 2 × Spark's default parallelism)
 * @param partition       how data is split into clients; default {@code iid}
 * @param strategy        the federated algorithm; default {@code fedavg}
 */
public record FederatedConfig(Integer clients, Integer clientsPerRound, Integer rounds, Integer localEpochs,
                              Integer batchSize, Double stragglers, Integer evalEvery, Boolean evalTrainLoss, Integer checkpointEvery,
                              Integer logEvery, Integer partitions, PartitionConfig partition,
                              StrategyConfig strategy) implements Serializable {
    public FederatedConfig {
        clients = Check.positiveInt("clients", clients == null ? 10 : clients);
        clientsPerRound = Check.positiveInt("clientsPerRound", clientsPerRound == null ? clients : clientsPerRound);
        if (clientsPerRound > clients) {
            throw new ConfigException("clientsPerRound", clientsPerRound, "must be <= clients (" + clients + ")");
        }
        rounds = Check.positiveInt("rounds", rounds == null ? 50 : rounds);
        localEpochs = Check.positiveInt("localEpochs", localEpochs == null ? 1 : localEpochs);
        batchSize = Check.positiveInt("batchSize", batchSize == null ? 10 : batchSize);
        stragglers = Check.inHalfOpen("stragglers", stragglers == null ? 0.0 : stragglers, 0, 1);
        evalEvery = Check.positiveInt("evalEvery", evalEvery == null ? 1 : evalEvery);
        evalTrainLoss = evalTrainLoss == null || evalTrainLoss;
        checkpointEvery = Check.positiveInt("checkpointEvery", checkpointEvery == null ? 1 : checkpointEvery);
        logEvery = Check.positiveInt("logEvery", logEvery == null ? 1 : logEvery);
        if (partitions != null) Check.positiveInt("partitions", partitions);
        partition = partition == null ? new PartitionConfig.Iid() : partition;
        strategy = strategy == null ? new StrategyConfig.FedAvg(null) : strategy;
        if (strategy instanceof StrategyConfig.FedProx && stragglers > 0 && localEpochs < 2) {
            throw new ConfigException("localEpochs", localEpochs, "must be >= 2 when FedProx has stragglers (they run "
                    + "a random number of epochs in {1, ..., localEpochs - 1})");
        }
    }

    public static FederatedConfig defaults() {
        return new FederatedConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The same settings for {@code n} clients (natural clients, counted in the data). Sampling every client each round
     * ({@code clientsPerRound} = {@code clients}, the default) stays every client.
     */
    public FederatedConfig withClients(int n) {
        int perRound = clientsPerRound.equals(clients) ? n : clientsPerRound;
        if (perRound > n) {
            throw new ConfigException("federated.clientsPerRound", clientsPerRound, "must be <= the " + n + " clients the data holds");
        }
        return new FederatedConfig(n, perRound, rounds, localEpochs, batchSize, stragglers, evalEvery,
                evalTrainLoss, checkpointEvery, logEvery, partitions, partition, strategy);
    }
}
