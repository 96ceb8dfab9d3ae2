package org.sparkharness.executors.client;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.executors.fedpara.ReparameterisedObjective;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.Sgd;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * A client's local training: {@code epochs} passes over its train split in minibatches (the last one may be short,
 * as in FedProx's {@code batch_data}), each epoch in a fresh order drawn from an RNG keyed by the client's round
 * seed, with a fresh optimizer state (FedProx's and Fling's clients rebuild their optimizer every round).
 *
 * <p>Plain SGD on a dense model (FedProx's official solver) takes a fast path on the network's flat parameter
 * vector; it performs the same floating-point operations as {@link Sgd} on a {@link ProximalObjective}, without the
 * per-step conversions between the flat vector and named tables. {@code LocalTrainerTest} holds the two paths equal.
 * For logistic regression (FedProx's MCLR) {@link SoftmaxRegressionKernel} replaces the network altogether.
 */
public final class LocalTrainer {
    private LocalTrainer() {}

    /**
     * @param params   trained parameters (trainable entries, global and local)
     * @param meanLoss mean minibatch loss of the local objective over all steps
     * @param steps    optimizer steps taken
     */
    public record Result(ParamTable params, double meanLoss, long steps) {}

    /**
     * @param net      a network of the training's model, owned by the calling thread; its parameters are overwritten
     * @param start    trainable parameters at the start of the round (also FedProx's anchor w_t)
     * @param mu       proximal coefficient μ ≥ 0
     * @param rngSeed  the client's seed for this round (keyed by run seed, round and client)
     */
    public static Result train(NetworkAdapter net, LocalTraining training, WorkerShard data, ParamTable start,
                               double mu, int epochs, long rngSeed) {
        if (SoftmaxRegressionKernel.applies(training)) {
            return SoftmaxRegressionKernel.train(net, training, data, start, mu, epochs, rngSeed);
        }
        if (isPlainSgd(training)) {
            return plainSgd(net, ((Sgd) training.optimizer()).config().lr(), data, start, mu, epochs,
                    training.batchSize(), rngSeed);
        }
        return generic(net, training, data, start, mu, epochs, rngSeed);
    }

    /** Whether the fast path applies: dense parameterisation and SGD without momentum or weight decay. */
    public static boolean isPlainSgd(LocalTraining training) {
        if (!(training.optimizer() instanceof Sgd sgd)) return false;
        SgdConfig c = sgd.config();
        return c.momentum() == 0 && c.weightDecay() == 0 && isDense(training.parameterisation());
    }

    /** Whether {@code p} is the identity (compared by class: deserialised copies are not the same instance). */
    static boolean isDense(Parameterisation p) {
        return p.getClass() == Parameterisation.dense().getClass();
    }

    static Result generic(NetworkAdapter net, LocalTraining training, WorkerShard data, ParamTable start, double mu,
                          int epochs, long rngSeed) {
        ObjectiveOptimizer optimizer = training.optimizer();
        Parameterisation p = training.parameterisation();
        boolean dense = isDense(p);
        ProximalObjective proximal = null;
        OptimizerState state = optimizer.init(start);
        ParamTable w = start;
        double lossSum = 0;
        long steps = 0;
        for (int e = 0; e < epochs; e++) {
            int[] order = epochOrder(data.size(), rngSeed, e);
            for (int from = 0; from < order.length; from += training.batchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + training.batchSize()));
                INDArray x = data.features().getRows(rows);
                INDArray y = data.labels().getRows(rows);
                Objective objective = new NetworkObjective(net, x, y);
                if (!dense) objective = new ReparameterisedObjective(objective, p);
                if (mu > 0) {
                    proximal = proximal == null ? new ProximalObjective(objective, start, mu) : proximal.around(objective);
                    objective = proximal;
                }
                LossRecorder recorder = new LossRecorder(objective);
                Optimizer.Step step = optimizer.step(w, recorder, state);
                // The optimizer contract: its result aliases none of its inputs, so what the step consumed is ours
                // to release now instead of waiting for a GC that a small heap rarely triggers (native memory).
                if (w != start) release(w);
                for (ParamTable slot : state.slots().values()) release(slot);
                recorder.release();
                w = step.params();
                state = step.state();
                lossSum += recorder.firstLoss;
                steps++;
                x.close();
                y.close();
            }
        }
        return new Result(w, steps == 0 ? Double.NaN : lossSum / steps, steps);
    }

    static Result plainSgd(NetworkAdapter net, double lr, WorkerShard data, ParamTable start, double mu, int epochs,
                           int batchSize, long rngSeed) {
        INDArray flat = net.flatten(start);
        INDArray anchor = mu > 0 ? flat.dup() : null;
        double lossSum = 0;
        long steps = 0;
        for (int e = 0; e < epochs; e++) {
            int[] order = epochOrder(data.size(), rngSeed, e);
            for (int from = 0; from < order.length; from += batchSize) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                INDArray x = data.features().getRows(rows);
                INDArray y = data.labels().getRows(rows);
                NetworkObjective.FlatEvaluation ev = new NetworkObjective(net, x, y).evaluateFlat(flat);
                INDArray g = ev.gradientSum().divi(rows.length);
                double loss = ev.meanLoss();
                if (anchor != null) {
                    try (INDArray diff = flat.sub(anchor)) {
                        loss += ProximalTerm.valueFromNorm(mu, diff.norm2Number().doubleValue());
                        ProximalTerm.addGradient(g, diff, mu);
                    }
                }
                flat.subi(g.muli(lr));
                g.close();
                x.close();
                y.close();
                lossSum += loss;
                steps++;
            }
        }
        ParamTable result = net.table(flat);
        flat.close();
        if (anchor != null) anchor.close();
        return new Result(result, steps == 0 ? Double.NaN : lossSum / steps, steps);
    }

    private static void release(ParamTable table) {
        NativeMemory.release(table);
    }

    /** The example order of local epoch {@code epoch}: a permutation keyed by (client round seed, epoch). */
    static int[] epochOrder(int n, long rngSeed, int epoch) {
        return BatchSampler.permutation(n, new SplittableRandom(BatchSampler.mix(rngSeed, epoch, 0x10CA1L)));
    }

    /** Remembers the loss of a step's first evaluation (the loss at the current parameters). */
    private static final class LossRecorder implements Objective {
        private final Objective inner;
        private final java.util.List<ParamTable> gradients = new java.util.ArrayList<>();
        double firstLoss = Double.NaN;
        private boolean seen;

        /** Releases the gradients handed to the optimizer (fresh arrays it must not have kept). */
        void release() {
            for (ParamTable g : gradients) LocalTrainer.release(g);
            gradients.clear();
        }

        LossRecorder(Objective inner) {
            this.inner = inner;
        }

        @Override
        public Evaluation evaluate(ParamTable params) {
            Evaluation e = inner.evaluate(params);
            gradients.add(e.gradient());
            if (!seen) {
                firstLoss = e.loss();
                seen = true;
            }
            return e;
        }

        @Override
        public PerExample perExample(ParamTable params) {
            PerExample p = inner.perExample(params);
            if (!seen) {
                firstLoss = p.losses().meanNumber().doubleValue();
                seen = true;
            }
            return p;
        }
    }
}
