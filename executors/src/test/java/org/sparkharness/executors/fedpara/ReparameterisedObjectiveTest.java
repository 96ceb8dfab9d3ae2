package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/**
 * {@link ReparameterisedObjective} over real DL4J networks: its gradient is the derivative of its own loss. Checked in
 * double (the networks converted with {@code convertDataType}) to 1e-5, and in the float32 the harness trains in to
 * 2e-2 on the largest components.
 */
class ReparameterisedObjectiveTest {
    private static final int B = 8;

    /** MLP 16-32-16: both weights factorised (r = 5 at γ = 0.5). */
    private static MultiLayerNetwork mlp() {
        return new MlpSpec(List.of(32), "tanh").build(new InputShape(4, 4, 1, 16), 1L);
    }

    /** LeNet 16×16×1 → conv 5×5 ×4 → pool → conv 5×5 ×8 → pool → dense 32 → 3 classes. */
    private static MultiLayerNetwork lenet() {
        return new LeNetSpec(4, 8, 32).build(new InputShape(16, 16, 1, 3), 1L);
    }

    private record Setup(FedPara plan, ReparameterisedObjective objective, ParamTable w) {
    }

    private static Setup setup(MultiLayerNetwork net, int inputs, int classes, DataType dtype, boolean personalised,
            long seed) {
        MultiLayerNetwork n = dtype == DataType.FLOAT ? net : net.convertDataType(dtype);
        NetworkAdapter adapter = new NetworkAdapter(Dl4jNetwork.of(n, new InputShape(1, inputs, 1, classes)));
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray x = TestTables.gaussian(rng, new long[] {B, inputs}, 1)
                .castTo(dtype);
        INDArray y = Nd4j.zeros(dtype, B, classes);
        for (int i = 0; i < B; i++) {
            y.putScalar(i, rng.nextInt(classes), 1.0);
        }
        ParamTable dense = adapter.params();
        FedPara p = FedPara.plan(dense.shapes(), 0.5, FedPara.Init.VARIANCE_MATCHED, personalised);
        ReparameterisedObjective o = new ReparameterisedObjective(new NetworkObjective(adapter, x, y), p);
        // Random factors (not init) so that pFedPara's zero Y2 does not hide part of the chain rule. Small enough that
        // no softmax output falls below DL4J's 1e-10 clip in MCXENT, where the score goes flat but the gradient not.
        ParamTable w = TestTables.random(p.init(dense, seed).shapes(), seed + 1, dtype, 0.35);
        return new Setup(p, o, w);
    }

    @Test
    void mlpPlanFactorisesBothLayers() {
        FedPara p = FedPara.plan(new NetworkAdapter(Dl4jNetwork.of(mlp(), new InputShape(4, 4, 1, 16))).params().shapes(), 0.5, FedPara.Init.VARIANCE_MATCHED,
                false);
        assertEquals(Map.of("0_W", 5, "1_W", 5), p.ranks());
    }

    @Test
    void lenetPlanFactorisesConvolutionsAndTheHiddenDenseLayer() {
        ParamTable dense = new NetworkAdapter(Dl4jNetwork.of(lenet(), new InputShape(16, 16, 1, 3))).params();
        assertArrayEquals(new long[] {4, 1, 5, 5}, dense.get("0_W").shape(), "DL4J conv weights are [O, I, kH, kW]");
        FedPara p = FedPara.plan(dense.shapes(), 0.5, FedPara.Init.VARIANCE_MATCHED, false);
        assertEquals(Map.of("0_W", 1, "2_W", 3, "4_W", 3), p.ranks(), p.report());
        assertEquals(List.of("5_W"), p.keptDense(), "32x3 output: r_min 2 > r_max 1");
    }

    @Test
    void mlpGradientMatchesFiniteDifferencesInDouble() {
        for (boolean personalised : new boolean[] {false, true}) {
            Setup s = setup(mlp(), 16, 16, DataType.DOUBLE, personalised, 3);
            assertTrue(worstRelativeError(s, 1e-6, 3, 1e-6) < 1e-5, "personalised=" + personalised);
        }
    }

    @Test
    void lenetGradientMatchesFiniteDifferencesInDouble() {
        for (boolean personalised : new boolean[] {false, true}) {
            Setup s = setup(lenet(), 256, 3, DataType.DOUBLE, personalised, 5);
            assertTrue(worstRelativeError(s, 1e-6, 7, 1e-6) < 1e-5, "personalised=" + personalised);
        }
    }

    /** float32 as trained: a coarser step, the largest tenth of the components, 2e-2 relative to the largest. */
    @Test
    void float32GradientMatchesFiniteDifferencesOnTheLargestComponents() {
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {mlp(), lenet()}) {
            boolean isMlp = net.getLayers().length == 2;
            Setup s = setup(net, isMlp ? 16 : 256, isMlp ? 16 : 3, DataType.FLOAT, false, 7);
            double[] g = s.objective().evaluate(s.w()).gradient().flatten().toDoubleVector();
            double max = 0;
            for (double v : g) {
                max = Math.max(max, Math.abs(v));
            }
            double[] x = s.w().flatten().toDoubleVector();
            int checked = 0;
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(g[i]) < 0.1 * max) {
                    continue;
                }
                double numeric = centralDifference(s, x, i, 1e-2);
                assertEquals(g[i], numeric, 2e-2 * max, "component " + i);
                checked++;
            }
            assertTrue(checked > 5, "checked " + checked);
        }
    }

    @Test
    void perExampleJacobianAveragesToTheGradientInTrainableOrder() {
        Setup s = setup(mlp(), 16, 16, DataType.DOUBLE, true, 11);
        Objective.Evaluation e = s.objective().evaluate(s.w());
        Objective.PerExample pe = s.objective().perExample(s.w());
        assertArrayEquals(new long[] {B, s.w().numParams()}, pe.jacobian().shape());
        // NetworkObjective reorders Jacobian columns through float32, hence 1e-6 rather than double precision.
        assertEquals(e.loss(), pe.losses().meanNumber().doubleValue(), 1e-6);
        INDArray diff = pe.jacobian().mean(0).sub(e.gradient().flatten());
        double scale = e.gradient().flatten().normmaxNumber().doubleValue();
        assertTrue(diff.normmaxNumber().doubleValue() < 1e-6 * scale, "max deviation " + diff.normmaxNumber());
    }

    /** Worst relative error over every {@code stride}-th trainable coordinate. */
    private static double worstRelativeError(Setup s, double h, int stride, double floor) {
        double[] g = s.objective().evaluate(s.w()).gradient().flatten().toDoubleVector();
        double[] x = s.w().flatten().toDoubleVector();
        double worst = 0;
        for (int i = 0; i < x.length; i += stride) {
            double numeric = centralDifference(s, x, i, h);
            worst = Math.max(worst, Math.abs(numeric - g[i]) / Math.max(floor + 1e-3, Math.max(Math.abs(numeric),
                    Math.abs(g[i]))));
        }
        return worst;
    }

    private static double centralDifference(Setup s, double[] x, int i, double h) {
        double keep = x[i];
        x[i] = keep + h;
        double up = s.objective().evaluate(s.w().unflatten(Nd4j.createFromArray(x))).loss();
        x[i] = keep - h;
        double down = s.objective().evaluate(s.w().unflatten(Nd4j.createFromArray(x))).loss();
        x[i] = keep;
        return (up - down) / (2 * h);
    }
}
