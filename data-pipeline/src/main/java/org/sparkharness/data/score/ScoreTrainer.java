package org.sparkharness.data.score;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.NativeMemory;

/**
 * Trains networks in one JVM with DL4J's own {@code fit} path (its updater applies Nesterov momentum, the cosine
 * schedule and L2 natively, one op chain per step): the K scoring runs of {@link ScoreJob} and the equal-steps
 * trainings of the pruning study. Data order: each pass over the rows is a fresh seeded Fisher–Yates shuffle; a run
 * of T steps cycles through as many passes as it needs, the last batch of a pass possibly smaller.
 */
public final class ScoreTrainer {

    /** A finished run: the network, its step count and its wall time. */
    public record TrainedRun(int run, Dl4jNetwork network, long steps, double seconds) {
        /** Wall milliseconds per SGD step. */
        public double millisPerStep() {
            return steps == 0 ? 0 : seconds * 1000 / steps;
        }
    }

    private ScoreTrainer() {}

    /**
     * Scoring run {@code run}: a fresh network (model seed {@link ScoreSettings#modelSeed}, or the saved weights the
     * user gave) trained for {@code epochs · ⌈n / batchSize⌉} steps on all of {@code data}, with cosine decay over
     * those steps.
     */
    public static TrainedRun trainRun(TrainingArrays data, ScoreSettings settings, ScoringNetwork model, int run) {
        INDArray x = data.featureMatrix();
        try {
            int[] rows = allRows(data.size());
            long steps = settings.recipe().steps(data.size(), settings.epochs());
            return train(model, x, data.labels(), rows, settings.recipe(), steps,
                    settings.modelSeed(run), settings.orderSeed(run), run);
        } finally {
            NativeMemory.release(x);
        }
    }

    /**
     * Builds {@code model} with {@code modelSeed}, switches it to {@code recipe} (cosine over {@code steps}) and
     * trains it for exactly {@code steps} minibatches drawn from {@code rows} of {@code features}.
     *
     * @param features [n, d] FLOAT matrix of every example (rows not in {@code rows} are never read)
     * @param labels   class of each of the n examples
     * @param rows     the training subset, as row positions in {@code features}
     */
    public static TrainedRun train(ScoringNetwork model, INDArray features, int[] labels, int[] rows,
                                   SgdRecipe recipe, long steps, long modelSeed, long orderSeed, int run) {
        if (rows.length == 0) throw new IllegalArgumentException("cannot train on an empty subset");
        long start = System.nanoTime();
        Dl4jNetwork net = recipe.apply(model.build(modelSeed), steps);
        fit(net, features, labels, model.input().outputs(), rows, recipe.batchSize(), steps, orderSeed);
        return new TrainedRun(run, net, steps, (System.nanoTime() - start) / 1e9);
    }

    /** {@code steps} calls of {@code net.fit} on seeded shuffled minibatches of {@code rows}. */
    public static void fit(Dl4jNetwork net, INDArray features, int[] labels, int numClasses, int[] rows,
                           int batchSize, long steps, long orderSeed) {
        SplittableRandom rng = new SplittableRandom(orderSeed);
        int[] order = rows.clone();
        int pos = order.length;
        for (long s = 0; s < steps; s++) {
            if (pos >= order.length) {
                shuffle(order, rng);
                pos = 0;
            }
            int end = Math.min(pos + batchSize, order.length);
            int[] batch = java.util.Arrays.copyOfRange(order, pos, end);
            pos = end;
            INDArray x = Nd4j.pullRows(features, 1, batch, 'c');
            INDArray y = oneHot(labels, batch, numClasses);
            net.fit(x, y);
            NativeMemory.release(x);
            NativeMemory.release(y);
        }
    }

    /** {@code [rows.length, numClasses]} FLOAT one-hot labels of {@code rows}. */
    public static INDArray oneHot(int[] labels, int[] rows, int numClasses) {
        float[] values = new float[rows.length * numClasses];
        for (int i = 0; i < rows.length; i++) values[i * numClasses + labels[rows[i]]] = 1f;
        return Nd4j.create(values, new long[] {rows.length, numClasses}, 'c');
    }

    /** 0, 1, …, n − 1. */
    public static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        return rows;
    }

    /** In-place Fisher–Yates. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
