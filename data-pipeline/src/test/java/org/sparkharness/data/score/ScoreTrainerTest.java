package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.executors.model.Dl4jConfigs;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;

class ScoreTrainerTest {
    private static TrainingArrays data;

    @BeforeAll
    static void load() {
        data = TrainingArrays.of(FashionMnist.load(RepoPaths.testdata("fashion-mnist-mini").toString(), Split.TRAIN));
    }

    @Test
    void recipeSetsNesterovCosineAndL2OnWeightsOnly() {
        SgdRecipe recipe = new SgdRecipe(128, 0.05, 0.9, 5e-4);
        MultiLayerConfiguration base = new MlpSpec(List.of(128), "relu").configuration(InputShape.fashionMnist(), 1);
        Dl4jNetwork plain = Dl4jNetwork.of(Dl4jConfigs.build(base), InputShape.fashionMnist());
        Dl4jNetwork trainable = recipe.apply(plain, 100);
        MultiLayerConfiguration conf = ((MultiLayerNetwork) trainable.model()).getLayerWiseConfigurations();
        assertEquals(plain.params(), trainable.params(), "the same weights");
        for (int i = 0; i < 2; i++) {
            BaseLayer layer = (BaseLayer) conf.getConf(i).getLayer();
            Nesterovs updater = (Nesterovs) layer.getIUpdater();
            assertEquals(0.9, updater.getMomentum());
            assertEquals(0.05, updater.getLearningRateSchedule().valueAt(0, 0), 1e-15);
            assertEquals(0.025, updater.getLearningRateSchedule().valueAt(50, 0), 1e-15);
            assertEquals(0.0, updater.getLearningRateSchedule().valueAt(100, 0), 1e-15);
            assertNull(layer.getBiasUpdater(), "biases use the same updater");
            assertEquals(List.of(new L2Regularization(5e-4)), layer.getRegularization());
            assertEquals(List.of(), layer.getRegularizationBias(), "no decay on biases");
            assertEquals("NoOp", ((BaseLayer) base.getConf(i).getLayer()).getIUpdater().getClass().getSimpleName(),
                    "the ModelSpec configuration is left alone");
        }
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()), "the cosine schedule survives JSON");
        assertEquals(3 * 8, recipe.steps(1000, 3), "ceil(1000 / 128) = 8 steps per epoch");
    }

    @Test
    void sameSeedsGiveTheSameNetworkAndTrainingLowersTheLoss() {
        ScoreSettings s = ScoreSettings.defaults().withRuns(2).withEpochs(2).withBatchSize(64).withSeed(5L);
        ScoringNetwork model = ScoringNetwork.of(s.model(), data);
        ScoreTrainer.TrainedRun a = ScoreTrainer.trainRun(data, s, model, 0);
        ScoreTrainer.TrainedRun b = ScoreTrainer.trainRun(data, s, model, 0);
        ScoreTrainer.TrainedRun c = ScoreTrainer.trainRun(data, s, model, 1);
        assertEquals(32, a.steps());
        assertEquals(32, ((MultiLayerNetwork) a.network().model()).getIterationCount());
        assertEquals(a.network().params(), b.network().params(), "deterministic");
        assertNotEquals(a.network().params(), c.network().params(), "run 1 has its own seeds");

        INDArray x = data.featureMatrix();
        INDArray y = ScoreTrainer.oneHot(data.labels(), ScoreTrainer.allRows(data.size()), 10);
        double before = model.build(s.modelSeed(0)).score(x, y, false);
        double after = model.withParams(TrainingArrays.rowMajor(a.network().params())).score(x, y, false);
        assertTrue(after < before * 0.6, "loss " + before + " -> " + after);
        System.out.printf("ScoreTrainerTest: MLP 784-128-10, batch 64, %.2f ms/step%n", a.millisPerStep());
    }
}
