package org.sparkharness.executors.client;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.LogisticRegressionSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.Sgd;

/**
 * Plain (proximal) SGD for multinomial logistic regression in plain Java arrays: FedProx's MCLR, the model of its
 * synthetic benchmark. A DL4J step on a 60 → 10 model costs about 0.6 ms, nearly all of it per-op dispatch; the
 * same step here is a few microseconds, which is what the throughput goal (numpy parity,
 * docs/algorithms/federated.md §10 G5) needs. Same maths as the DL4J network (softmax, mean cross-entropy,
 * w ← w − lr(∇F + μ(w − w_t))), same minibatch order; {@code SoftmaxRegressionKernelTest} holds it to the DL4J path
 * within float rounding.
 */
final class SoftmaxRegressionKernel {
    private SoftmaxRegressionKernel() {}

    /** Whether the kernel can stand in for the network: logistic regression trained by plain SGD, dense. */
    static boolean applies(LocalTraining t) {
        return t.model() instanceof LogisticRegressionSpec && LocalTrainer.isPlainSgd(t);
    }

    static LocalTrainer.Result train(NetworkAdapter net, LocalTraining t, WorkerShard data, ParamTable start,
                                     double mu, int epochs, long rngSeed) {
        double lr = ((Sgd) t.optimizer()).config().lr();
        int batchSize = t.batchSize();
        INDArray w0 = start.get("0_W");
        int d = (int) w0.size(0), c = (int) w0.size(1);
        float[] w = w0.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();      // [d, c] row-major
        float[] b = start.get("0_b").castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
        float[] w0c = mu > 0 ? w.clone() : null;
        float[] b0c = mu > 0 ? b.clone() : null;
        int n = data.size();
        float[] x = data.features().castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector(); // [n, d]
        int[] y = data.labels().argMax(1).toIntVector();
        double[] gw = new double[d * c];
        double[] gb = new double[c];
        double[] z = new double[c];
        double lossSum = 0;
        long steps = 0;
        for (int e = 0; e < epochs; e++) {
            int[] order = LocalTrainer.epochOrder(n, rngSeed, e);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                java.util.Arrays.fill(gw, 0);
                java.util.Arrays.fill(gb, 0);
                double loss = 0;
                for (int k = from; k < to; k++) {
                    int row = order[k] * d;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c; j++) {
                        double s = b[j];
                        for (int i = 0; i < d; i++) s += x[row + i] * w[i * c + j];
                        z[j] = s;
                        if (s > max) max = s;
                    }
                    double sum = 0;
                    for (int j = 0; j < c; j++) {
                        z[j] = Math.exp(z[j] - max);
                        sum += z[j];
                    }
                    int label = y[order[k]];
                    loss -= Math.log(z[label] / sum);
                    for (int j = 0; j < c; j++) {
                        double delta = z[j] / sum - (j == label ? 1 : 0);
                        gb[j] += delta;
                        for (int i = 0; i < d; i++) gw[i * c + j] += delta * x[row + i];
                    }
                }
                int m = to - from;
                loss /= m;
                if (mu > 0) {
                    double distance2 = ProximalTerm.squaredDistance(w, w0c) + ProximalTerm.squaredDistance(b, b0c);
                    loss += ProximalTerm.value(mu, distance2);
                }
                for (int i = 0; i < w.length; i++) {
                    double g = gw[i] / m + (mu > 0 ? ProximalTerm.gradient(mu, w[i], w0c[i]) : 0);
                    w[i] = (float) (w[i] - lr * g);
                }
                for (int j = 0; j < c; j++) {
                    double g = gb[j] / m + (mu > 0 ? ProximalTerm.gradient(mu, b[j], b0c[j]) : 0);
                    b[j] = (float) (b[j] - lr * g);
                }
                lossSum += loss;
                steps++;
            }
        }
        ParamTable out = ParamTable.builder()
                .put("0_W", Nd4j.create(w, new long[] {d, c}, 'c').castTo(w0.dataType()))
                .put("0_b", Nd4j.create(b, start.get("0_b").shape(), 'c').castTo(w0.dataType()))
                .build();
        return new LocalTrainer.Result(out, steps == 0 ? Double.NaN : lossSum / steps, steps);
    }
}
