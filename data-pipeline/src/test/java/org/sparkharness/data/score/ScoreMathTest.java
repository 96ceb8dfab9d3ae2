package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.testing.RepoPaths;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.PerExampleGradients;

/** G1: EL2N, last-layer GraNd and exact GraNd from DL4J against independent computations. */
class ScoreMathTest {
    private static TrainingArrays data;
    private static Dl4jNetwork net;
    private static MultiLayerNetwork mln;

    /** An MLP [32] relu trained 40 steps on the mini set, so outputs are neither uniform nor saturated. */
    @BeforeAll
    static void trainSmallMlp() {
        data = TrainingArrays.of(FashionMnist.load(RepoPaths.testdata("fashion-mnist-mini").toString(), Split.TRAIN));
        ScoreSettings s = ScoreSettings.defaults().withModel(new MlpSpec(List.of(32), "relu")).withRuns(1).withEpochs(1)
                .withBatchSize(50).withSeed(3L);
        INDArray x = data.featureMatrix();
        net = ScoreTrainer.train(ScoringNetwork.of(s.model(), data), x, data.labels(), ScoreTrainer.allRows(1000),
                s.recipe(), 40, 3, 4, 0).network();
        mln = (MultiLayerNetwork) net.model();
    }

    @Test
    void el2nOfHandRows() {
        assertEquals(0.0, ScoreMath.el2n(new double[] {0, 1, 0}, 1), 0.0);
        assertEquals(Math.sqrt(2), ScoreMath.el2n(new double[] {1, 0, 0}, 2), 1e-15);
        // (0.5 - 1)^2 + 0.3^2 + 0.2^2 = 0.38
        assertEquals(Math.sqrt(0.38), ScoreMath.el2n(new double[] {0.5, 0.3, 0.2}, 0), 1e-15);
        float[] flat = {9f, 0.5f, 0.3f, 0.2f};
        assertEquals(Math.sqrt(0.38), ScoreMath.el2n(flat, 1, 3, 0), 1e-7);
        assertEquals(-Math.log(0.3), ScoreMath.crossEntropy(flat, 1, 3, 1), 1e-7);
        assertTrue(Double.isFinite(ScoreMath.crossEntropy(new float[] {1f, 0f}, 0, 2, 1)), "underflow stays finite");
        assertThrows(IllegalArgumentException.class, () -> ScoreMath.el2n(flat, 1, 3, 3));
        // GraNd-LL: ‖p − y‖·√(‖h‖² + 1) with h = (3, 4): √26
        assertEquals(2 * Math.sqrt(26), ScoreMath.lastLayerGrand(2, new float[] {3f, 4f}, 0, 2), 1e-12);
    }

    @Test
    void el2nFromDl4jOutputEqualsAnIndependentDoubleForwardPass() {
        INDArray x = data.featureRows(0, 200);
        INDArray out = net.output(x, false);
        float[] probs = TrainingArrays.rowMajor(out);
        assertArrayEquals(probs, TrainingArrays.rowMajor(net.lastLayer(x).output()),
                "lastLayer's output (feedForward's last activation) is output(x, false), bit for bit");

        double[][] w0 = mln.getParam("0_W").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] b0 = mln.getParam("0_b").castTo(DataType.DOUBLE).toDoubleVector();
        double[][] w1 = mln.getParam("1_W").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] b1 = mln.getParam("1_b").castTo(DataType.DOUBLE).toDoubleVector();
        double maxDiff = 0;
        for (int i = 0; i < 200; i++) {
            double[] p = referenceProbabilities(i, w0, b0, w1, b1);
            int label = data.labels()[i];
            double reference = ScoreMath.el2n(p, label);
            double identity = Math.sqrt(1 - 2 * p[label] + java.util.Arrays.stream(p).map(v -> v * v).sum());
            assertEquals(reference, identity, 1e-12, "‖p − y‖ = √(1 − 2 p_y + Σ p²)");
            double fromDl4j = ScoreMath.el2n(probs, i * 10, 10, label);
            maxDiff = Math.max(maxDiff, Math.abs(fromDl4j - reference));
        }
        assertTrue(maxDiff < 1e-5, "float32 DL4J EL2N vs double reference: max |diff| " + maxDiff);
        assertTrue(maxDiff > 0, "the reference really is independent (float32 rounding shows)");
    }

    /** softmax(relu(x W0 + b0) W1 + b1) in double from the network's parameters. */
    private static double[] referenceProbabilities(int row, double[][] w0, double[] b0, double[][] w1, double[] b1) {
        float[] f = data.features();
        int d = data.dim();
        double[] h = new double[b0.length];
        for (int j = 0; j < h.length; j++) {
            double s = b0[j];
            for (int k = 0; k < d; k++) s += f[row * d + k] * w0[k][j];
            h[j] = Math.max(0, s);
        }
        double[] z = new double[b1.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            double s = b1[c];
            for (int j = 0; j < h.length; j++) s += h[j] * w1[j][c];
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) sum += Math.exp(z[c] - max);
        for (int c = 0; c < z.length; c++) z[c] = Math.exp(z[c] - max) / sum;
        return z;
    }

    @Test
    void lastLayerGrandEqualsTheOutputLayerPartOfDl4jGradients() {
        ChunkScorer.Chunk chunk = new ChunkScorer(List.of(net), GrandMode.LAST_LAYER).score(data, 0, 0, 50);
        INDArray x = data.featureRows(0, 50);
        for (int i = 0; i < 50; i++) {
            INDArray xi = x.getRow(i, true).dup();
            INDArray yi = ScoreTrainer.oneHot(data.labels(), new int[] {i}, 10);
            Pair<Gradient, INDArray> g = mln.calculateGradients(xi, yi, null, null);
            Map<String, INDArray> byParam = g.getFirst().gradientForVariable();
            double sq = squared(byParam.get("1_W")) + squared(byParam.get("1_b"));
            double closedForm = chunk.grand()[0][i];
            assertEquals(Math.sqrt(sq), closedForm, 1e-4 * Math.sqrt(sq), "row " + i);
        }
    }

    @Test
    void crossEntropyEqualsDl4jScoreExamples() {
        INDArray x = data.featureRows(0, 100);
        INDArray y = ScoreTrainer.oneHot(data.labels(), ScoreTrainer.allRows(100), 10);
        double[] dl4j = mln.scoreExamples(new DataSet(x, y), false).castTo(DataType.DOUBLE).toDoubleVector();
        ChunkScorer.Chunk chunk = new ChunkScorer(List.of(net), GrandMode.NONE).score(data, 0, 0, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(dl4j[i], chunk.loss()[0][i], 1e-5 * Math.max(1, dl4j[i]), "row " + i);
            assertTrue(Double.isNaN(chunk.grand()[0][i]), "grand: none leaves NaN");
        }
    }

    @Test
    void exactGrandMatchesFiniteDifferencesOnATinyMlp() {
        // 6 inputs, 5 tanh units (smooth, so central differences are exact up to O(eps²)), 3 classes.
        InputShape shape = new InputShape(1, 6, 1, 3);
        MultiLayerNetwork tiny = new MlpSpec(List.of(5), "tanh").build(shape, 11);
        MultiLayerNetwork tinyDouble = tiny.convertDataType(DataType.DOUBLE);
        java.util.Random rnd = new java.util.Random(5);
        for (int example = 0; example < 4; example++) {
            double[] xs = new double[6];
            for (int k = 0; k < 6; k++) xs[k] = rnd.nextGaussian();
            int label = example % 3;
            INDArray xf = Nd4j.create(xs, new long[] {1, 6}).castTo(DataType.FLOAT);
            double exactFloat = ChunkScorer.exactGrand(Dl4jNetwork.of(tiny, shape), xf, 0, label, 3);
            INDArray xd = Nd4j.create(xs, new long[] {1, 6});
            double exactDouble = ChunkScorer.exactGrand(Dl4jNetwork.of(tinyDouble, shape), xd, 0, label, 3);

            INDArray yd = Nd4j.zeros(DataType.DOUBLE, 1, 3).putScalar(0, label, 1.0);
            double fd = finiteDifferenceGradientNorm(tinyDouble, new DataSet(xd, yd));
            assertEquals(fd, exactDouble, 1e-6 * fd, "double network, example " + example);
            assertEquals(fd, exactFloat, 1e-3 * fd, "float32 network (the production path), example " + example);
        }
    }

    @Test
    void exactGrandFromOnePassEqualsTheSingleExampleLoopOnAnMlp() {
        // The trained network carries its recipe's L2; scoring uses a plain copy of its weights (ScoreJob does too).
        assertTrue(PerExampleGradients.unsupportedReason(net).contains("regularisation"));
        Dl4jNetwork plain = new MlpSpec(List.of(32), "relu").network(InputShape.fashionMnist(), 0);
        plain.setParams(net.params());
        assertOnePassGrandEqualsTheLoop(plain, 120);
    }

    @Test
    void exactGrandFromOnePassEqualsTheSingleExampleLoopOnACnn() {
        Dl4jNetwork cnn = new LeNetSpec(3, 4, 16).network(InputShape.fashionMnist(), 9);
        assertOnePassGrandEqualsTheLoop(cnn, 24);
    }

    /** A chunk's EXACT GraNd (one batched pass) against one backward pass per row, 1e-5 relative. */
    private static void assertOnePassGrandEqualsTheLoop(Dl4jNetwork network, int rows) {
        assertTrue(PerExampleGradients.use(network));
        ChunkScorer.Chunk chunk = new ChunkScorer(List.of(network), GrandMode.EXACT).score(data, 0, 0, rows);
        INDArray x = data.featureRows(0, rows);
        for (int i = 0; i < rows; i++) {
            double loop = ChunkScorer.exactGrand(network, x, i, data.labels()[i], 10);
            assertEquals(loop, chunk.grand()[0][i], 1e-5 * loop, "row " + i);
        }
    }

    @Test
    void exactGrandFromOnePassMatchesFiniteDifferencesOnATinyDoubleMlp() {
        InputShape shape = new InputShape(1, 6, 1, 3);
        MultiLayerNetwork tiny = new MlpSpec(List.of(5), "tanh").build(shape, 11).convertDataType(DataType.DOUBLE);
        Dl4jNetwork wrapped = Dl4jNetwork.of(tiny, shape);
        java.util.Random rnd = new java.util.Random(6);
        int n = 4;
        double[][] xs = new double[n][6];
        int[] labels = new int[n];
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < 6; k++) xs[e][k] = rnd.nextGaussian();
            labels[e] = e % 3;
        }
        double[] onePass = ChunkScorer.exactGrand(wrapped, Nd4j.create(xs), labels, 3);
        for (int e = 0; e < n; e++) {
            INDArray yd = Nd4j.zeros(DataType.DOUBLE, 1, 3).putScalar(0, labels[e], 1.0);
            double fd = finiteDifferenceGradientNorm(tiny, new DataSet(Nd4j.create(xs[e], new long[] {1, 6}), yd));
            assertEquals(fd, onePass[e], 1e-6 * fd, "example " + e);
        }
    }

    private static double squared(INDArray a) {
        float[] v = TrainingArrays.rowMajor(a);
        return ScoreMath.squaredNorm(v, 0, v.length);
    }

    /** ‖∇θ score(ds)‖ by central differences (step 1e-6) over every parameter: a reference for double networks. */
    private static double finiteDifferenceGradientNorm(MultiLayerNetwork net, DataSet ds) {
        INDArray params = net.params();
        double eps = 1e-6;
        double sq = 0;
        for (long p = 0; p < params.length(); p++) {
            double orig = params.getDouble(p);
            params.putScalar(p, orig + eps);
            double up = net.score(ds);
            params.putScalar(p, orig - eps);
            double down = net.score(ds);
            params.putScalar(p, orig);
            double g = (up - down) / (2 * eps);
            sq += g * g;
        }
        return Math.sqrt(sq);
    }
}
