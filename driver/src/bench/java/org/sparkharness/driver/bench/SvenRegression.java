package org.sparkharness.driver.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.Rows;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * Sven against Adam and AdamW on a small regression task at equal wall time, the comparison Sven's paper makes
 * (sven-experiments' polynomial_scan: a random degree-4 polynomial in 6 variables, an MLP, batch 32). Each optimizer
 * gets the same seconds of training from the same initial weights; the full-data mean squared error is sampled
 * along the way and at the end.
 */
final class SvenRegression {
    static final int INPUTS = 6, TERMS = 12, DEGREE = 4, EXAMPLES = 1024, BATCH = 32, HIDDEN = 32;
    static final long SEED = 7;

    /** A fixed random polynomial: TERMS monomials of total degree ≤ 4 with Gaussian coefficients. */
    static INDArray[] data() {
        SplittableRandom rng = new SplittableRandom(SEED);
        int[][] powers = new int[TERMS][INPUTS];
        double[] coef = new double[TERMS];
        for (int t = 0; t < TERMS; t++) {
            int degree = 1 + rng.nextInt(DEGREE);
            for (int d = 0; d < degree; d++) powers[t][rng.nextInt(INPUTS)]++;
            coef[t] = gaussian(rng);
        }
        double[][] x = new double[EXAMPLES][INPUTS];
        double[][] y = new double[EXAMPLES][1];
        for (int i = 0; i < EXAMPLES; i++) {
            for (int j = 0; j < INPUTS; j++) x[i][j] = 2 * rng.nextDouble() - 1;
            double v = 0;
            for (int t = 0; t < TERMS; t++) {
                double m = coef[t];
                for (int j = 0; j < INPUTS; j++) m *= Math.pow(x[i][j], powers[t][j]);
                v += m;
            }
            y[i][0] = v;
        }
        return new INDArray[] {Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT)};
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** MLP 6→32→32→1 (tanh), mean squared error, NoOp updater: the optimizer under test owns every update. */
    static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED).dataType(DataType.FLOAT).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains with {@code optimizer} for {@code seconds}; returns the loss curve and the final full-data loss. */
    static Map<String, Object> run(String name, ObjectiveOptimizer optimizer, double seconds) {
        INDArray[] xy = data();
        NetworkAdapter adapter = new NetworkAdapter(org.sparkharness.executors.model.Dl4jNetwork.of(network(),
                new org.sparkharness.executors.model.InputShape(1, INPUTS, 1, 1, org.sparkharness.executors.model.Task.REGRESSION)));
        NetworkObjective full = new NetworkObjective(adapter, xy[0], xy[1]);
        ParamTable params = adapter.params();
        OptimizerState state = optimizer.init(params);
        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0, full.evaluate(params).loss()});
        long start = System.nanoTime(), budget = (long) (seconds * 1e9), nextSample = budget / 10;
        long steps = 0, trainNanos = 0;
        while (trainNanos < budget) {
            long t0 = System.nanoTime();
            int[] rows = BatchSampler.indices(SEED, 0, steps, EXAMPLES, BATCH);
            NetworkObjective batch = new NetworkObjective(adapter, Rows.gather(xy[0], rows), Rows.gather(xy[1], rows));
            Optimizer.Step s = optimizer.step(params, batch, state);
            params = s.params();
            state = s.state();
            steps++;
            trainNanos += System.nanoTime() - t0;
            if (trainNanos >= nextSample) {
                curve.add(new double[] {trainNanos / 1e9, full.evaluate(params).loss()});
                nextSample += budget / 10;
            }
        }
        double finalLoss = full.evaluate(params).loss();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("optimizer", name);
        r.put("train_seconds", trainNanos / 1e9);
        r.put("steps", steps);
        r.put("ms_per_step", trainNanos / 1e6 / steps);
        r.put("final_mse", finalLoss);
        r.put("initial_mse", curve.get(0)[1]);
        r.put("curve_seconds_mse", curve);
        System.out.printf("  %-6s %6d steps  %.3f ms/step  MSE %.4g -> %.4g (%.1f s wall incl. evaluation)%n", name,
                steps, trainNanos / 1e6 / steps, curve.get(0)[1], finalLoss, (System.nanoTime() - start) / 1e9);
        return r;
    }

    private SvenRegression() {}
}
