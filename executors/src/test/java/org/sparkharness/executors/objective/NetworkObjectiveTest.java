package org.sparkharness.executors.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.PerExampleGradients;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

class NetworkObjectiveTest {
    private static final int B = 5;
    private final NetworkAdapter adapter = new NetworkAdapter(new MlpSpec(List.of(6), null).network(InputShape.fashionMnist(), 3));
    private final INDArray x = Nd4j.rand(DataType.FLOAT, B, 784);
    private final INDArray y = oneHot(new int[] {0, 3, 9, 3, 1});
    private final NetworkObjective objective = new NetworkObjective(adapter, x, y);

    private static INDArray oneHot(int[] labels) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    @Test
    void theGradientIsTheMinibatchMeanAndMatchesFiniteDifferences() {
        ParamTable p = adapter.params();
        Objective.Evaluation e = objective.evaluate(p);
        // Central difference on a few coordinates of the bias of the output layer, in double for accuracy.
        INDArray b = p.get("1_b");
        for (int j : new int[] {0, 3, 9}) {
            double h = 1e-2;
            double up = objective.evaluate(p.mapNamed((n, a) -> n.equals("1_b") ? bump(a, j, h) : a)).loss();
            double down = objective.evaluate(p.mapNamed((n, a) -> n.equals("1_b") ? bump(a, j, -h) : a)).loss();
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, e.gradient().get("1_b").getDouble(j), 2e-3, "d loss / d 1_b[" + j + "]");
        }
        assertEquals(b.length(), e.gradient().get("1_b").length());
    }

    private static INDArray bump(INDArray a, int j, double h) {
        INDArray c = a.dup();
        c.putScalar(j, c.getDouble(j) + h);
        return c;
    }

    @Test
    void perExampleJacobianRowsSumToTheBatchGradientAndLossesAverageToTheLoss() {
        ParamTable p = adapter.params();
        Objective.Evaluation e = objective.evaluate(p);
        Objective.PerExample pe = objective.perExample(p);
        assertArrayEquals(new long[] {B, adapter.numParams()}, pe.jacobian().shape());
        assertEquals(e.loss(), pe.losses().meanNumber().doubleValue(), 1e-5);
        // Columns follow ParamTable.flatten() order, not DL4J's 'f'-ordered flat layout.
        INDArray meanRow = pe.jacobian().mean(0);
        INDArray expected = e.gradient().flatten();
        assertTrue(meanRow.equalsWithEps(expected, 1e-5), "mean Jacobian row = mean gradient, in table order");
    }

    @Test
    void flatViewsAgreeWithTheTableViews() {
        ParamTable p = adapter.params();
        NetworkObjective.FlatEvaluation flat = objective.evaluateFlat(adapter.flatten(p));
        assertEquals(adapter.table(flat.gradientSum().div(B)), objective.evaluate(p).gradient());
        INDArray flatJacobian = objective.perExampleFlat(adapter.flatten(p)).jacobian();
        assertTrue(flatJacobian.sum(0).equalsWithEps(flat.gradientSum(), 1e-4));
    }

    @Test
    void theOnePassJacobianEqualsTheSingleExampleLoop() {
        ParamTable p = adapter.params();
        Objective.PerExample onePass = objective.perExampleFlat(adapter.flatten(p));
        Objective.PerExample loop = objective.perExampleLoop();
        assertRowsClose(loop, onePass);
    }

    @Test
    void aBatchNormalisedNetworkFallsBackToTheLoopAndStillGivesSingleExampleGradients() {
        InputShape shape = new InputShape(1, 6, 1, 3);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp())
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(5).nOut(3).build())
                .build();
        MultiLayerNetwork mln = new MultiLayerNetwork(conf);
        mln.init();
        NetworkAdapter bn = new NetworkAdapter(Dl4jNetwork.of(mln, shape));
        String reason = PerExampleGradients.unsupportedReason(bn.network());
        assertTrue(reason != null && reason.contains("BatchNormalization"), "refusal names the layer: " + reason);
        assertFalse(PerExampleGradients.use(bn.network()));
        INDArray bx = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray by = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) by.putScalar(i, i % 3, 1f);
        Objective.PerExample pe = new NetworkObjective(bn, bx, by).perExampleFlat(bn.flatParams());
        for (int i = 0; i < 4; i++) {
            Dl4jNetwork.Evaluated e = bn.network().gradientAndScore(bx.getRow(i, true).dup(), by.getRow(i, true).dup());
            assertEquals(e.score(), pe.losses().getDouble(i), 1e-6);
            assertTrue(pe.jacobian().getRow(i).equalsWithEps(e.gradient(), 1e-6), "row " + i);
        }
    }

    /** Per row: |a_i - b_i| <= 1e-5 |b_i|, and the losses to 1e-5 relative. */
    private static void assertRowsClose(Objective.PerExample want, Objective.PerExample got) {
        assertArrayEquals(want.jacobian().shape(), got.jacobian().shape());
        for (int i = 0; i < want.jacobian().rows(); i++) {
            INDArray a = got.jacobian().getRow(i);
            INDArray b = want.jacobian().getRow(i);
            double norm = b.norm2Number().doubleValue();
            assertTrue(a.sub(b).norm2Number().doubleValue() <= 1e-5 * norm, "row " + i);
            double l = want.losses().getDouble(i);
            assertEquals(l, got.losses().getDouble(i), 1e-5 * Math.max(1, Math.abs(l)), "loss " + i);
        }
    }
}
