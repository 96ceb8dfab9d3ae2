package org.sparkharness.executors.client;

import java.io.Serializable;
import java.util.Objects;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * One simulated client's data: its own train and test splits (features, one-hot labels and ids in the source
 * dataset). Cached in Spark, many clients per partition; never on the driver once the run has started.
 */
public record ClientData(int client, WorkerShard train, WorkerShard test) implements Serializable {
    public ClientData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (client < 0) throw new IllegalArgumentException("client id must be >= 0, got " + client);
        if (train.size() == 0) throw new IllegalArgumentException("client " + client + " has no training examples");
    }
}
