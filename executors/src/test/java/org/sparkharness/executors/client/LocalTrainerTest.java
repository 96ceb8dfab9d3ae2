package org.sparkharness.executors.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LogisticRegressionSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.SamConfig;
import org.sparkharness.optimizers.config.SgdConfig;

class LocalTrainerTest {
    private static final InputShape INPUT = new InputShape(1, 12, 1, 4);

    /** A linearly separable toy task: label = argmax of a fixed projection of x. */
    static WorkerShard data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 12);
        INDArray proj = Nd4j.randn(DataType.FLOAT, 12, 4);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 4);
        INDArray arg = x.mmul(proj).argMax(1);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, arg.getInt(i), 1f);
            ids[i] = i;
        }
        return new WorkerShard(0, x, labels, ids);
    }

    private static LocalTraining training(ModelSpec model, org.sparkharness.optimizers.ObjectiveOptimizer opt, int batch) {
        return new LocalTraining(model, INPUT, Parameterisation.dense(), opt, batch, 17);
    }

    @Test
    void plainSgdFastPathEqualsTheGenericOptimizerPathBitForBit() {
        ModelSpec model = new MlpSpec(List.of(8), "tanh");
        NetworkAdapter net = new NetworkAdapter(model.network(INPUT, 5));
        ParamTable start = net.params();
        WorkerShard d = data(53, 1); // 53 = 5 full batches of 10 and a short one
        for (double mu : new double[] {0.0, 0.5}) {
            LocalTraining t = training(model, Optimizers.sgd(SgdConfig.of(0.1)), 10);
            assertTrue(LocalTrainer.isPlainSgd(t));
            LocalTrainer.Result fast = LocalTrainer.plainSgd(net, 0.1, d, start, mu, 3, 10, 99);
            LocalTrainer.Result generic = LocalTrainer.generic(net, t, d, start, mu, 3, 99);
            assertEquals(18, fast.steps());
            assertEquals(fast.steps(), generic.steps());
            for (String n : start.names()) assertEquals(generic.params().get(n), fast.params().get(n), "mu " + mu + ", " + n);
            assertEquals(generic.meanLoss(), fast.meanLoss(), 1e-6);
        }
    }

    @Test
    void proximalTermPullsTheResultTowardsTheStart() {
        ModelSpec model = new LogisticRegressionSpec();
        NetworkAdapter net = new NetworkAdapter(model.network(INPUT, 5));
        ParamTable start = net.params();
        WorkerShard d = data(80, 2);
        LocalTraining t = training(model, Optimizers.sgd(SgdConfig.of(0.2)), 10);
        double free = distance(LocalTrainer.train(net, t, d, start, 0, 5, 1).params(), start);
        double prox = distance(LocalTrainer.train(net, t, d, start, 5, 5, 1).params(), start);
        assertTrue(prox < 0.5 * free, "mu = 5 moves " + prox + ", mu = 0 moves " + free);
    }

    @Test
    void anyOptimizerCanTrainLocallyAndTheOrderIsKeyedByTheSeed() {
        ModelSpec model = new LogisticRegressionSpec();
        NetworkAdapter net = new NetworkAdapter(model.network(INPUT, 5));
        ParamTable start = net.params();
        WorkerShard d = data(100, 3);
        for (var opt : List.of(Optimizers.adamw(AdamWConfig.defaults().withLr(0.01)),
                Optimizers.sam(new SamConfig(SgdConfig.of(0.2), 0.05, null)))) {
            LocalTraining t = training(model, opt, 20);
            assertFalse(LocalTrainer.isPlainSgd(t));
            LocalTrainer.Result first = LocalTrainer.train(net, t, d, start, 0, 1, 4);
            LocalTrainer.Result last = LocalTrainer.train(net, t, d, start, 0, 8, 4);
            assertTrue(last.meanLoss() < first.meanLoss(), opt.name() + ": " + first.meanLoss() + " -> " + last.meanLoss());
            assertEquals(first.params().get("0_W"), LocalTrainer.train(net, t, d, start, 0, 1, 4).params().get("0_W"));
            assertNotEquals(first.params().get("0_W"), LocalTrainer.train(net, t, d, start, 0, 1, 5).params().get("0_W"));
        }
    }

    private static double distance(ParamTable a, ParamTable b) {
        double s = 0;
        for (String n : a.names()) {
            double d = a.get(n).sub(b.get(n)).norm2Number().doubleValue();
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
