package org.sparkharness.executors.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkharness.optimizers.ParamTable;

/** A ComputationGraph goes wherever a MultiLayerNetwork goes, through one adapter. */
class Dl4jNetworkTest {
    private static final InputShape FMNIST = InputShape.fashionMnist();

    static String twoBranchJson() throws Exception {
        return Files.readString(Path.of(System.getProperty("harness.root", "..")).resolve("examples/models/two-branch-graph.json"));
    }

    private static INDArray rows(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[][] v = new float[n][FMNIST.flatSize()];
        for (float[] row : v) for (int j = 0; j < row.length; j++) row[j] = (float) r.nextDouble();
        return Nd4j.create(v);
    }

    private static INDArray oneHot(int n) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) y.putScalar(i, i % 10, 1f);
        return y;
    }

    @Test
    void aTwoBranchGraphGivesDl4jsOwnGradientThroughTheAdapter() throws Exception {
        Dl4jNetwork net = new ConfiguredSpec(twoBranchJson(), "test").network(FMNIST, 5);
        assertEquals("ComputationGraph", net.kind());
        INDArray x = rows(6, 1), y = oneHot(6);
        Dl4jNetwork.Evaluated e = net.gradientAndScore(x, y);

        ComputationGraph same = (ComputationGraph) net.model();
        same.setInputs(x);
        same.setLabels(y);
        same.computeGradientAndScore();
        assertArrayEquals(same.gradient().gradient().dup().reshape(net.numParams()).toFloatVector(),
                e.gradient().toFloatVector(), 0f);
        assertEquals(same.score(), e.score(), 0);
        assertEquals(e.score(), net.score(x, y, true), 1e-6, "score() agrees with the training score");
        assertArrayEquals(new long[] {6, 10}, net.output(x, false).shape());
    }

    @Test
    void theAdapterRoundTripsAGraphsParametersByName() throws Exception {
        NetworkAdapter adapter = new NetworkAdapter(new ConfiguredSpec(twoBranchJson(), "test").network(FMNIST, 5));
        ParamTable table = adapter.params();
        assertEquals(List.of("wide_W", "wide_b", "narrow_W", "narrow_b", "classes_W", "classes_b"), table.names());
        assertArrayEquals(new long[] {784, 64}, table.get("wide_W").shape());
        INDArray flat = adapter.flatParams();
        assertArrayEquals(flat.toFloatVector(), adapter.flatten(table).toFloatVector(), 0f);
        assertArrayEquals(Nd4j.toFlattened(table.get("classes_W")).toFloatVector(),
                Nd4j.toFlattened(adapter.table(flat).get("classes_W")).toFloatVector(), 0f);
    }

    @Test
    void theRunsSeedDrawsTheWeightsSoEqualSeedsBuildEqualGraphs() throws Exception {
        ConfiguredSpec spec = new ConfiguredSpec(twoBranchJson(), "test");
        assertArrayEquals(spec.network(FMNIST, 9).params().toFloatVector(), spec.network(FMNIST, 9).params().toFloatVector(), 0f);
        assertTrue(!java.util.Arrays.equals(spec.network(FMNIST, 9).params().toFloatVector(),
                spec.network(FMNIST, 10).params().toFloatVector()));
    }

    @Test
    void aGraphReadingImagesGetsItsFlatRowsReshapedToChannelsHeightWidth() {
        InputShape images = new InputShape(8, 8, 2, 3);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new NoOp())
                .dataType(DataType.FLOAT).graphBuilder().addInputs("img")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "img")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 2)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Dl4jNetwork net = Dl4jNetwork.of(graph, images);
        INDArray flat = Nd4j.rand(DataType.FLOAT, 4, images.flatSize());
        INDArray expected = graph.outputSingle(false, flat.reshape('c', 4, 2, 8, 8));
        assertArrayEquals(Nd4j.toFlattened(expected).toFloatVector(), Nd4j.toFlattened(net.output(flat, false)).toFloatVector(), 0f);
    }

    @Test
    void aGraphWithTwoInputsIsRefusedWithWhatItHas() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(new NoOp()).graphBuilder()
                .addInputs("a", "b")
                .addVertex("m", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build(), "m")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        var e = assertThrows(UnsupportedModelException.class, () -> Dl4jNetwork.of(graph, new InputShape(1, 2, 1, 2)));
        assertTrue(e.getMessage().contains("2 inputs [a, b]"), e.getMessage());
    }

    @Test
    void theUsersUpdaterAndRegularisationAreReplacedAndSaidSo() throws Exception {
        Object conf = Dl4jConfigs.parse(twoBranchJson());
        List<String> notes = Dl4jConfigs.harnessReady(conf);
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("Adam updater (3 layers) is replaced"), notes.toString());
        assertTrue(notes.get(1).contains("L2Regularization") && notes.get(1).contains("removed"), notes.toString());
        for (var v : ((ComputationGraphConfiguration) conf).getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) {
                assertTrue(b.getIUpdater() instanceof NoOp);
                assertTrue(b.getRegularization().isEmpty());
            }
        }
        assertTrue(Dl4jConfigs.harnessReady(conf).isEmpty(), "a second pass finds nothing to change");
        // YAML reads the same configuration.
        Object yaml = Dl4jConfigs.parse(((ComputationGraphConfiguration) conf).toYaml());
        assertEquals(((ComputationGraphConfiguration) conf).toJson(), ((ComputationGraphConfiguration) yaml).toJson());
        assertTrue(new L2Regularization(1e-4) != null && new Adam() != null);
    }

    @Test
    void textThatIsNoDl4jConfigurationIsRefusedSayingWhatWasExpected() {
        var e = assertThrows(UnsupportedModelException.class, () -> Dl4jConfigs.parse("{\"layers\": 3}"));
        assertTrue(e.getMessage().contains("MultiLayerConfiguration in JSON"), e.getMessage());
    }

    @Test
    void theBuiltInMlpsJsonBuildsTheSameNetworkAsTypeMlp() {
        MlpSpec mlp = new MlpSpec(List.of(32), null);
        ConfiguredSpec fromJson = new ConfiguredSpec(mlp.configuration(FMNIST, 3).toJson(), "mlp.json");
        NetworkAdapter a = new NetworkAdapter(mlp.network(FMNIST, 3));
        NetworkAdapter b = new NetworkAdapter(fromJson.network(FMNIST, 3));
        assertArrayEquals(a.flatParams().toFloatVector(), b.flatParams().toFloatVector(), 0f);
        INDArray x = rows(5, 2), y = oneHot(5);
        assertArrayEquals(a.network().gradientAndScore(x, y).gradient().toFloatVector(),
                b.network().gradientAndScore(x, y).gradient().toFloatVector(), 0f);
    }

    @Test
    void fedParaFactorisesAGraphsConvolutionAndDenseWeights() {
        InputShape images = new InputShape(12, 12, 1, 4);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new NoOp())
                .dataType(DataType.FLOAT).graphBuilder().addInputs("img")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build(), "img")
                .addLayer("hidden", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(32)
                        .activation(Activation.RELU).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.convolutional(12, 12, 1)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        ParamTable dense = new NetworkAdapter(Dl4jNetwork.of(graph, images)).params();
        var plan = org.sparkharness.executors.fedpara.FedPara.plan(dense.shapes(), 0.5,
                org.sparkharness.executors.fedpara.FedPara.Init.VARIANCE_MATCHED, false);
        assertTrue(plan.ranks().containsKey("conv_W") && plan.ranks().containsKey("hidden_W"), plan.report());
        ParamTable factors = plan.init(dense, 3);
        assertTrue(factors.names().contains("conv_W.t1"), factors.names().toString());
        assertArrayEquals(new long[] {16, 1, 3, 3}, plan.compose(factors).get("conv_W").shape());
    }
}
