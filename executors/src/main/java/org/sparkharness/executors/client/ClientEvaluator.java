package org.sparkharness.executors.client;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.NetworkPool;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.optimizers.ParamTable;

/**
 * Evaluates every client of a partition (docs/algorithms/federated.md §1): the global model on the client's test split
 * (pooled by the server into global accuracy) and on its train split (train loss), and the client's own model on its
 * test split (personalised accuracy). The train pass is optional: it reads all training data.
 */
public record ClientEvaluator(LocalTraining training, ClientStore store, PersonalModel personal, int chunkSize,
                              boolean trainLoss)
        implements Serializable {
    public ClientEvaluator {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(personal, "personal");
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be >= 1");
    }

    /**
     * @param global  the server's global entries after the round
     * @param initialLocal local entries' starting values, for a client without stored ones
     * @param order   trainable entry names in order
     * @param version client-store version to read (round + 1: the state after the round)
     */
    public List<ClientEvaluation> run(Iterator<ClientData> partition, ParamTable global, ParamTable initialLocal,
                                      List<String> order, long version) {
        List<ClientEvaluation> out = new ArrayList<>();
        EvalTask eval = new EvalTask(training.model(), training.input(), chunkSize);
        NetworkAdapter layout = NetworkPool.borrow(training.model(), training.input());
        INDArray globalFlat = null;
        try {
            globalFlat = layout.flatten(training.parameterisation().compose(Trainables.join(global, initialLocal, order)));
            while (partition.hasNext()) {
                ClientData c = partition.next();
                NativeMemory.relieve();
                EvalResult g = eval.run(c.test(), globalFlat);
                EvalResult t = trainLoss ? eval.run(c.train(), globalFlat) : EvalResult.EMPTY;
                EvalResult p = g;
                ParamTable own = personalModel(c.client(), global, initialLocal, order, version);
                if (own != null) {
                    INDArray ownFlat = layout.flatten(training.parameterisation().compose(own));
                    p = eval.run(c.test(), ownFlat);
                    NativeMemory.release(ownFlat);
                }
                out.add(new ClientEvaluation(c.client(), c.test().size(), c.train().size(), g.correct(), g.lossSum(),
                        p.correct(), p.lossSum(), t.lossSum()));
            }
        } finally {
            NativeMemory.release(globalFlat);
            NetworkPool.release(training.model(), training.input(), layout);
        }
        return out;
    }

    /** The client's own trainable table, or null when it is the global model. */
    private ParamTable personalModel(int client, ParamTable global, ParamTable initialLocal, List<String> order,
                                     long version) {
        if (personal == PersonalModel.GLOBAL) return null;
        if (personal == PersonalModel.STORED) return store.latest(client, version).orElse(null);
        return Trainables.join(global, store.latest(client, version).orElse(initialLocal), order);
    }


}
