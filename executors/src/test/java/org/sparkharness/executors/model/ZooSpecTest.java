package org.sparkharness.executors.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.ConfigException;

/** Zoo models are sized from the data: its image shape in, its classes out. */
class ZooSpecTest {

    @Test
    void leNetAndSimpleCnnTakeTheDatasShapeAndClasses() {
        InputShape data = new InputShape(28, 28, 1, 7);
        for (String name : new String[] {"lenet", "simplecnn"}) {
            Dl4jNetwork net = new ZooSpec(name, null).network(data, 1);
            var out = net.output(Nd4j.zeros(DataType.FLOAT, 2, data.flatSize()), false);
            assertArrayEquals(new long[] {2, 7}, out.shape(), name);
            // Trainable: a loss and a gradient for every parameter.
            var y = Nd4j.zeros(DataType.FLOAT, 2, 7);
            y.putScalar(0, 1, 1f);
            y.putScalar(1, 5, 1f);
            Dl4jNetwork.Evaluated e = net.gradientAndScore(Nd4j.rand(DataType.FLOAT, 2, data.flatSize()), y);
            assertTrue(Double.isFinite(e.score()) && e.score() > 0, name + " loss " + e.score());
            assertEquals(net.numParams(), e.gradient().length(), name);
        }
    }

    /** The zoo's larger models, each at the smallest colour image it takes: built, sized and trainable. */
    @Test
    void alexNetSqueezeNetDarknet19AndVgg16TakeTheDatasShapeAndClasses() {
        java.util.Map<String, Integer> sides = new java.util.LinkedHashMap<>();
        sides.put("alexnet", 48);
        sides.put("squeezenet", 32);
        sides.put("darknet19", 32);
        sides.put("vgg16", 32);
        for (var e : sides.entrySet()) {
            InputShape data = new InputShape(e.getValue(), e.getValue(), 3, 5);
            Dl4jNetwork net = new ZooSpec(e.getKey(), null).network(data, 1);
            var y = Nd4j.zeros(DataType.FLOAT, 2, 5);
            y.putScalar(0, 1, 1f);
            y.putScalar(1, 3, 1f);
            var x = Nd4j.rand(DataType.FLOAT, 2, data.flatSize());
            assertArrayEquals(new long[] {2, 5}, net.output(x, false).shape(), e.getKey());
            Dl4jNetwork.Evaluated g = net.gradientAndScore(x, y);
            assertTrue(Double.isFinite(g.score()) && g.score() > 0, e.getKey() + " loss " + g.score());
            assertEquals(net.numParams(), g.gradient().length(), e.getKey());
            assertTrue(g.gradient().isInfinite().castTo(DataType.INT).sumNumber().intValue() == 0
                    && g.gradient().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, e.getKey());
        }
        var alexSmall = assertThrows(UnsupportedModelException.class,
                () -> new ZooSpec("alexnet", null).network(new InputShape(32, 32, 3, 5), 1));
        assertTrue(alexSmall.getMessage().contains("[32, 32, 3]") && alexSmall.getMessage().contains("default is"),
                alexSmall.getMessage());
    }

    @Test
    void resNet50BuildsAsAComputationGraphForColourImages() {
        var small = assertThrows(UnsupportedModelException.class,
                () -> new ZooSpec("resnet50", null).network(new InputShape(32, 32, 3, 4), 1));
        // 96 x 96 is about the smallest its fixed 7 x 7 average pooling leaves room for.
        assertTrue(small.getMessage().contains("[32, 32, 3]") && small.getMessage().contains("[3, 224, 224]"),
                small.getMessage());
        InputShape data = new InputShape(96, 96, 3, 4);
        Dl4jNetwork net = new ZooSpec("ResNet50", false).network(data, 1);
        assertEquals("ComputationGraph", net.kind());
        assertArrayEquals(new long[] {1, 4}, net.output(Nd4j.zeros(DataType.FLOAT, 1, data.flatSize()), false).shape());
        assertTrue(net.numParams() > 20_000_000, "ResNet50 has ~23.5 M parameters: " + net.numParams());
    }

    @Test
    void unknownNamesPretrainedWeightsAndRegressionAreRefusedByName() {
        var name = assertThrows(ConfigException.class, () -> new ZooSpec("resnet", null));
        assertTrue(name.getMessage().contains("must be one of [lenet, simplecnn"), name.getMessage());
        var pre = assertThrows(ConfigException.class, () -> new ZooSpec("lenet", true));
        assertTrue(pre.getMessage().startsWith("pretrained = true"), pre.getMessage());
        var reg = assertThrows(UnsupportedModelException.class,
                () -> new ZooSpec("lenet", null).network(new InputShape(28, 28, 1, 1, Task.REGRESSION), 1));
        assertTrue(reg.getMessage().contains("regression"), reg.getMessage());
    }
}
