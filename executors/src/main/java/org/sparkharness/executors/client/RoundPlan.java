package org.sparkharness.executors.client;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sparkharness.optimizers.ParamTable;

/**
 * A round's broadcast: the global (transmitted) parameters and each sampled client's task.
 *
 * @param round          0-based round
 * @param global         the server's parameters: every trainable entry except the parameterisation's local ones
 * @param initialLocal   starting values of the local entries for a client that has none stored yet (empty table
 *                       when the parameterisation has none)
 * @param order          trainable entry names in the parameterisation's order
 * @param tasks          sampled clients' tasks by client id
 * @param criticalRatio  FedCAC's τ: when set, clients return their critical-parameter mask
 */
public record RoundPlan(long round, ParamTable global, ParamTable initialLocal, List<String> order,
                        SortedMap<Integer, ClientTask> tasks, Double criticalRatio)
        implements Serializable {
    public RoundPlan {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(initialLocal, "initialLocal");
        order = List.copyOf(order);
        tasks = new TreeMap<>(tasks);
    }
}
