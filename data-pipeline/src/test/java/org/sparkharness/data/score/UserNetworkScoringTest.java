package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.executors.model.ConfiguredSpec;
import org.sparkharness.executors.model.Dl4jConfigs;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ZooSpec;
import org.sparkharness.optimizers.config.ConfigException;

/** EL2N/GraNd scoring on networks the user brings: a DL4J configuration (layer stack or graph) and the zoo. */
class UserNetworkScoringTest {
    private static TrainingArrays data;
    private static final InputShape SHAPE = InputShape.fashionMnist();

    @BeforeAll
    static void load() {
        LabeledImages all = FashionMnist.load(RepoPaths.testdata("fashion-mnist-mini").toString(), Split.TRAIN);
        data = TrainingArrays.of(all.subset(IntStream.range(0, 300).toArray()));
    }

    private static ScoreSettings settings(GrandMode grand) {
        return ScoreSettings.defaults().withRuns(2).withEpochs(1).withBatchSize(50).withSeed(9L).withGrand(grand)
                .withEvalBatch(128);
    }

    /** The built-in MLP written out as DL4J JSON scores exactly like {@code type: mlp}: same weights, steps, scores. */
    @Test
    void theMlpAsAUsersConfigurationScoresBitIdenticallyToTypeMlp() {
        MlpSpec mlp = new MlpSpec(List.of(32), "relu");
        ConfiguredSpec json = new ConfiguredSpec(mlp.configuration(SHAPE, 0).toJson(), "mlp.json");
        ScoreSettings s = settings(GrandMode.EXACT);
        ScoreTable builtIn = SingleJvmScores.compute(data, s, new ScoringNetwork(mlp, SHAPE, null), l -> { });
        ScoreTable user = SingleJvmScores.compute(data, s, new ScoringNetwork(json, SHAPE, null), l -> { });
        assertArrayEquals(builtIn.el2n(), user.el2n());
        assertArrayEquals(builtIn.grand(), user.grand());
        assertArrayEquals(builtIn.loss(), user.loss());
    }

    /**
     * A two-branch ComputationGraph trains with the scoring recipe (its loss falls) and its last-layer GraNd equals the
     * norm of the output layer's part of DL4J's own gradient; exact GraNd, the whole gradient, is never smaller.
     */
    @Test
    void aGraphsScoresAgreeWithItsGradients() throws Exception {
        Object conf = Dl4jConfigs.parse(Files.readString(RepoPaths.root().resolve("examples/models/two-branch-graph.json")));
        Dl4jConfigs.harnessReady(conf);
        ScoringNetwork model = new ScoringNetwork(new ConfiguredSpec(Dl4jConfigs.toJson(conf), "two-branch"), SHAPE, null);
        ScoreSettings s = settings(GrandMode.LAST_LAYER);
        INDArray x = data.featureMatrix();
        INDArray y = ScoreTrainer.oneHot(data.labels(), ScoreTrainer.allRows(data.size()), 10);
        ScoreTrainer.TrainedRun run = ScoreTrainer.trainRun(data, s, model, 0);
        Dl4jNetwork net = model.withParams(TrainingArrays.rowMajor(run.network().params()));
        double before = model.build(s.modelSeed(0)).score(x, y, false);
        double after = net.score(x, y, false);
        assertTrue(after < 0.8 * before, "the graph learns: loss " + before + " -> " + after);

        ChunkScorer.Chunk last = new ChunkScorer(List.of(net), GrandMode.LAST_LAYER).score(data, 0, 0, 40);
        ChunkScorer.Chunk exact = new ChunkScorer(List.of(net), GrandMode.EXACT).score(data, 0, 0, 40);
        ComputationGraph graph = (ComputationGraph) net.model();
        for (int i = 0; i < 40; i++) {
            graph.setInputs(x.getRow(i, true).dup());
            graph.setLabels(y.getRow(i, true).dup());
            graph.computeGradientAndScore();
            double sq = squared(graph.gradient().getGradientFor("classes_W"))
                    + squared(graph.gradient().getGradientFor("classes_b"));
            assertEquals(Math.sqrt(sq), last.grand()[0][i], 1e-4 * Math.sqrt(sq), "row " + i);
            assertTrue(exact.grand()[0][i] >= last.grand()[0][i] * (1 - 1e-5), "row " + i);
            assertEquals(last.el2n()[0][i], exact.el2n()[0][i], 0.0);
        }
    }

    /** Last-layer GraNd is a closed form for a dense softmax output; SimpleCNN ends in a LossLayer, so it is refused. */
    @Test
    void lastLayerGrandIsRefusedForANetworkEndingInALossLayer() {
        ScoringNetwork simpleCnn = new ScoringNetwork(new ZooSpec("simplecnn", null), SHAPE, null);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ScoreJob.checkGrand(settings(GrandMode.LAST_LAYER), simpleCnn.build(0), simpleCnn));
        assertTrue(e.getMessage().contains("grand") && e.getMessage().contains("LossLayer")
                && e.getMessage().contains("grand: exact"), e.getMessage());
        ScoreJob.checkGrand(settings(GrandMode.EXACT), simpleCnn.build(0), simpleCnn);
        ScoringNetwork lenet = new ScoringNetwork(new ZooSpec("lenet", null), SHAPE, null);
        ScoreJob.checkGrand(settings(GrandMode.LAST_LAYER), lenet.build(0), lenet);
    }

    private static double squared(INDArray a) {
        double s = 0;
        for (double v : a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(a.length()).toDoubleVector()) s += v * v;
        return s;
    }
}
