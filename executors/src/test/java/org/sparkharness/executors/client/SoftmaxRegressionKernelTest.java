package org.sparkharness.executors.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LogisticRegressionSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.SgdConfig;

/** The array kernel for FedProx's MCLR must train exactly like the DL4J network, up to float rounding. */
class SoftmaxRegressionKernelTest {
    private static final InputShape INPUT = new InputShape(1, 12, 1, 4);

    @Test
    void matchesTheDl4jNetworkStepForStepWithAndWithoutTheProximalTerm() {
        LogisticRegressionSpec model = new LogisticRegressionSpec();
        NetworkAdapter net = new NetworkAdapter(model.network(INPUT, 3));
        ParamTable start = net.params();
        WorkerShard data = LocalTrainerTest.data(57, 4);
        LocalTraining t = new LocalTraining(model, INPUT, Parameterisation.dense(), Optimizers.sgd(SgdConfig.of(0.05)), 10, 9);
        assertTrue(SoftmaxRegressionKernel.applies(t));
        for (double mu : new double[] {0, 1}) {
            LocalTrainer.Result kernel = SoftmaxRegressionKernel.train(net, t, data, start, mu, 4, 21);
            LocalTrainer.Result dl4j = LocalTrainer.plainSgd(net, 0.05, data, start, mu, 4, 10, 21);
            assertEquals(dl4j.steps(), kernel.steps());
            assertEquals(dl4j.meanLoss(), kernel.meanLoss(), 1e-4 * Math.abs(dl4j.meanLoss()));
            for (String n : start.names()) {
                double scale = dl4j.params().get(n).norm2Number().doubleValue();
                double diff = dl4j.params().get(n).sub(kernel.params().get(n)).norm2Number().doubleValue();
                assertTrue(diff < 1e-5 * scale, "mu " + mu + ", " + n + ": |kernel - dl4j| = " + diff + " of " + scale);
                assertTrue(java.util.Arrays.equals(dl4j.params().get(n).shape(), kernel.params().get(n).shape()), n);
            }
        }
    }

    @Test
    void appliesOnlyToLogisticRegressionWithPlainSgd() {
        var sgd = Optimizers.sgd(SgdConfig.of(0.05));
        var momentum = Optimizers.sgd(SgdConfig.of(0.05).withMomentum(0.9));
        assertFalse(SoftmaxRegressionKernel.applies(new LocalTraining(new MlpSpec(List.of(4), "relu"), INPUT,
                Parameterisation.dense(), sgd, 10, 1)));
        assertFalse(SoftmaxRegressionKernel.applies(new LocalTraining(new LogisticRegressionSpec(), INPUT,
                Parameterisation.dense(), momentum, 10, 1)));
    }
}
