package org.sparkharness.driver.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.Dl4jSpec;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.Task;
import org.sparkharness.optimizers.config.ConfigException;

/** Each mismatch between the network and the data is said in one message naming both sides. */
class NetworkChecksTest {
    private static final InputShape FMNIST = InputShape.fashionMnist();

    @TempDir
    Path tmp;

    private static Dl4jNetwork dense(int nIn, int nOut, LossFunctions.LossFunction loss, Activation out) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam()).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(loss).nIn(8).nOut(nOut).activation(out).build()).build());
        net.init();
        return Dl4jNetwork.of(net, FMNIST);
    }

    private static String refusal(Dl4jNetwork net, InputShape data) {
        return assertThrows(ConfigException.class, () -> NetworkChecks.check(net, data, "model.config", "net.json"))
                .getMessage();
    }

    @Test
    void aNetworkThatFitsTheDataPasses() {
        NetworkChecks.check(dense(784, 10, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX), FMNIST, "m", "v");
        NetworkChecks.check(new MlpSpec(List.of(4), null).network(new InputShape(1, 5, 1, 2, Task.REGRESSION), 1),
                new InputShape(1, 5, 1, 2, Task.REGRESSION), "model.type", "mlp");
    }

    @Test
    void inputOutputAndLossMismatchesNameBothSides() {
        String input = refusal(dense(100, 10, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX), FMNIST);
        assertTrue(input.startsWith("model.config = net.json: the MultiLayerNetwork does not read the data's examples "
                + "(images [height, width, channels] = [28, 28, 1] (784 values))"), input);
        String output = refusal(dense(784, 5, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX), FMNIST);
        assertTrue(output.contains("output has 5 values per example but the data has 10 classes"), output);
        String loss = refusal(dense(784, 10, LossFunctions.LossFunction.MSE, Activation.IDENTITY), FMNIST);
        assertTrue(loss.contains("loss is LossMSE but data.task is classification, which needs one of [LossMCXENT, "
                + "LossNegativeLogLikelihood]"), loss);
        InputShape regression = new InputShape(28, 28, 1, 10, Task.REGRESSION);
        String task = refusal(dense(784, 10, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX), regression);
        assertTrue(task.contains("data.task is regression"), task);
    }

    @Test
    void aSavedModelsWeightsAreTheRunsStartingPoint() throws Exception {
        MultiLayerNetwork saved = new MlpSpec(List.of(16), null).build(FMNIST, 77);
        Path zip = tmp.resolve("saved.zip");
        ModelSerializer.writeModel(saved, zip.toFile(), false);
        List<String> log = new ArrayList<>();
        Dl4jSpec spec = new Dl4jSpec(null, zip.toString());
        RunModel model = RunModel.build(ModelSources.resolve(spec), spec, FMNIST, 1, log::add);
        assertArrayEquals(saved.params().toFloatVector(), model.layout().flatParams().toFloatVector(), 0f);
        assertTrue(log.stream().anyMatch(l -> l.contains("training continues from the 12,730 weights saved in " + zip)),
                log.toString());
    }

    @Test
    void unreadableOrForeignFilesAreRefusedByField() throws Exception {
        var missing = assertThrows(ConfigException.class,
                () -> ModelSources.resolve(new Dl4jSpec(tmp.resolve("nope.json").toString(), null)));
        assertTrue(missing.getMessage().startsWith("model.config = " + tmp.resolve("nope.json") + ": cannot be read"),
                missing.getMessage());
        Path notZip = tmp.resolve("model.zip");
        java.nio.file.Files.writeString(notZip, "hello");
        var foreign = assertThrows(ConfigException.class, () -> ModelSources.resolve(new Dl4jSpec(null, notZip.toString())));
        assertTrue(foreign.getMessage().startsWith("model.path = " + notZip), foreign.getMessage());
        var both = assertThrows(ConfigException.class, () -> new Dl4jSpec("a.json", "b.zip"));
        assertTrue(both.getMessage().contains("exactly one of config"), both.getMessage());
    }
}
