package org.sparkharness.executors.client;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sparkharness.executors.client.fedcac.CriticalMask;
import org.sparkharness.executors.client.fedcac.FedCac;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.NetworkPool;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.optimizers.ParamTable;

/**
 * The body of a federated round's Spark task: trains, one after another, the sampled clients of its partition and
 * returns their updates. A client's start is the global model (or its own stored model for FedCAC) plus its stored
 * local entries (pFedPara); local entries go back to the client store, only global ones are uploaded. Every random
 * choice is keyed by (seed, round, client), so results do not depend on which executor runs which client.
 */
public record ClientRunner(LocalTraining training, ClientStore store) implements Serializable {
    public ClientRunner {
        Objects.requireNonNull(training, "training");
    }

    /** Trains the clients of {@code partition} that {@code plan} sampled; others are skipped. */
    public List<ClientUpdate> run(Iterator<ClientData> partition, RoundPlan plan) {
        List<ClientUpdate> out = new ArrayList<>();
        NetworkAdapter net = null;
        try {
            while (partition.hasNext()) {
                ClientData client = partition.next();
                ClientTask task = plan.tasks().get(client.client());
                if (task == null) continue;
                if (net == null) net = NetworkPool.borrow(training.model(), training.input());
                NativeMemory.relieve();
                out.add(trainOne(net, client, task, plan));
            }
        } finally {
            if (net != null) NetworkPool.release(training.model(), training.input(), net);
        }
        return out;
    }

    ClientUpdate trainOne(NetworkAdapter net, ClientData client, ClientTask task, RoundPlan plan) {
        int id = client.client();
        long started = System.nanoTime();
        ParamTable start = startingPoint(id, task, plan);
        long seed = BatchSampler.mix(training.seed(), plan.round(), id);
        LocalTrainer.Result r;
        try {
            r = LocalTrainer.train(net, training, client.train(), start, task.mu(), task.epochs(), seed);
        } catch (ArithmeticException e) { // NonFiniteException from an optimizer
            return rejected(client, task, started, "local training diverged: " + e.getMessage());
        }
        Optional<String> bad = r.params().firstNonFinite();
        if (bad.isPresent() || !Double.isFinite(r.meanLoss())) {
            return rejected(client, task, started, "non-finite " + bad.map(n -> "values in " + n).orElse("loss"));
        }
        Set<String> local = training.parameterisation().localNames();
        if (!local.isEmpty()) {
            store.write(id, plan.round() + 1, Trainables.select(r.params(), local, true));
        }
        CriticalMask mask = plan.criticalRatio() == null ? null
                : FedCac.mask(FedCac.sensitivity(start, r.params()), plan.criticalRatio());
        ParamTable upload = local.isEmpty() ? r.params() : Trainables.select(r.params(), local, false);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new ClientUpdate(id, client.train().size(), upload, mask, task.epochs(), r.steps(), r.meanLoss(),
                millis, task.straggler(), null);
    }

    /** Global entries from the plan (or the client's own stored model), local entries from the store. */
    ParamTable startingPoint(int client, ClientTask task, RoundPlan plan) {
        ParamTable global = plan.global();
        if (task.startFromStore()) global = store.latest(client, plan.round()).orElse(global);
        if (plan.initialLocal().size() == 0) return global;
        return Trainables.join(global, store.latest(client, plan.round()).orElse(plan.initialLocal()), plan.order());
    }

    private static ClientUpdate rejected(ClientData client, ClientTask task, long started, String why) {
        return new ClientUpdate(client.client(), client.train().size(), null, null, task.epochs(), 0, Double.NaN,
                (System.nanoTime() - started) / 1_000_000, task.straggler(), why);
    }
}
