package org.sparkharness.executors.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.ConfigException;

class ModelSpecTest {
    private static final InputShape FMNIST = InputShape.fashionMnist();

    @Test
    void logisticRegressionHasOneWeightPerPixelAndClassPlusBiases() {
        MultiLayerNetwork net = new LogisticRegressionSpec().build(FMNIST, 1);
        assertEquals(784L * 10 + 10, net.numParams());
    }

    @Test
    void mlpParameterCountFollowsItsLayerWidths() {
        MultiLayerNetwork net = new MlpSpec(List.of(256, 128), null).build(FMNIST, 1);
        assertEquals(784L * 256 + 256 + 256L * 128 + 128 + 128L * 10 + 10, net.numParams());
    }

    @Test
    void leNetHasTheClassicLayerShapesOnFashionMnist() {
        MultiLayerNetwork net = LeNetSpec.defaults().build(FMNIST, 1);
        // conv 5x5x1x20 + 20, conv 5x5x20x50 + 50, dense (4*4*50)x500 + 500, output 500x10 + 10
        long expected = 25 * 20 + 20 + 25 * 20 * 50 + 50 + 800L * 500 + 500 + 500L * 10 + 10;
        assertEquals(expected, net.numParams());
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 784));
        assertEquals(List.of(3L, 10L), List.of(out.size(0), out.size(1)));
    }

    @Test
    void everyLayerUsesTheNoOpUpdaterBecauseTheHarnessOwnsUpdates() {
        for (LayerStackSpec spec : List.of(new LogisticRegressionSpec(), MlpSpec.defaults(), LeNetSpec.defaults())) {
            spec.configuration(FMNIST, 1).getConfs().forEach(c -> {
                if (c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) {
                    assertTrue(b.getIUpdater() instanceof NoOp, spec + " layer " + c.getLayer().getLayerName());
                }
            });
        }
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        ParamTable a = new NetworkAdapter(new MlpSpec(List.of(16), null).network(FMNIST, 5)).params();
        ParamTable b = new NetworkAdapter(new MlpSpec(List.of(16), null).network(FMNIST, 5)).params();
        assertEquals(a, b);
    }

    @Test
    void invalidSpecsNameTheField() {
        assertEquals("hidden", assertThrows(ConfigException.class, () -> new MlpSpec(List.of(0), null)).path());
        assertEquals("activation", assertThrows(ConfigException.class, () -> new MlpSpec(null, "swishy")).path());
        assertEquals("conv1", assertThrows(ConfigException.class, () -> LeNetSpec.defaults().withConv1(-1)).path());
    }

    @Test
    void copiesEqualTheCanonicalConstructionWithNullsForDefaults() {
        assertEquals(new LeNetSpec(null, 32, 100), LeNetSpec.defaults().withConv2(32).withDense(100));
        assertEquals(new MlpSpec(List.of(32), "tanh"), MlpSpec.defaults().withHidden(List.of(32)).withActivation("tanh"));
    }
}
