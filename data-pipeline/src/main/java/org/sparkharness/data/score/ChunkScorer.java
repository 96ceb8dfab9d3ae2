package org.sparkharness.data.score;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.PerExampleGradients;

/**
 * Scores one chunk of examples under K trained networks: per run EL2N, GraNd (by {@link GrandMode}) and
 * cross-entropy, from eval-mode forward passes ({@code train = false}). The chunk is the unit of work of the scoring
 * pass; chunk boundaries are fixed by example position, not by Spark partitioning, so every example sees exactly the
 * same forward-pass batch whatever the number of partitions, and scores are bit-identical across partitionings and
 * with the single-JVM path. Not thread-safe (DL4J networks are not): one scorer per task.
 */
public final class ChunkScorer {

    /**
     * Scores of a chunk, arrays indexed {@code [run][row]}. A plain class, not a record: it is a Spark task result,
     * and Spark's Kryo 4 cannot set a record's fields.
     */
    public static final class Chunk implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final long[] ids;
        private final int[] labels;
        private final double[][] el2n;
        private final double[][] grand;
        private final double[][] loss;

        public Chunk(int index, long[] ids, int[] labels, double[][] el2n, double[][] grand, double[][] loss) {
            this.index = index;
            this.ids = ids;
            this.labels = labels;
            this.el2n = el2n;
            this.grand = grand;
            this.loss = loss;
        }

        /** Position of the chunk in the data: it covers rows [index·evalBatch, …). */
        public int index() {
            return index;
        }

        public long[] ids() {
            return ids;
        }

        public int[] labels() {
            return labels;
        }

        public double[][] el2n() {
            return el2n;
        }

        public double[][] grand() {
            return grand;
        }

        public double[][] loss() {
            return loss;
        }

        public int size() {
            return ids.length;
        }
    }

    private final List<Dl4jNetwork> networks;
    private final GrandMode grandMode;

    public ChunkScorer(List<Dl4jNetwork> networks, GrandMode grandMode) {
        if (networks.isEmpty()) throw new IllegalArgumentException("need at least one network");
        this.networks = List.copyOf(networks);
        this.grandMode = grandMode;
    }

    /** Rows {@code [from, to)} of {@code data} form chunk {@code index}. */
    public Chunk score(TrainingArrays data, int index, int from, int to) {
        INDArray x = data.featureRows(from, to);
        try {
            int[] labels = java.util.Arrays.copyOfRange(data.labels(), from, to);
            long[] ids = java.util.Arrays.copyOfRange(data.ids(), from, to);
            return score(index, x, labels, ids, data.numClasses());
        } finally {
            NativeMemory.release(x);
        }
    }

    /** Scores the rows of {@code x} (labels and ids aligned with them). */
    public Chunk score(int index, INDArray x, int[] labels, long[] ids, int numClasses) {
        int k = networks.size();
        int n = labels.length;
        double[][] el2n = new double[k][n];
        double[][] grand = new double[k][n];
        double[][] loss = new double[k][n];
        for (int r = 0; r < k; r++) {
            Dl4jNetwork net = networks.get(r);
            Forward fwd = forward(net, x, grandMode == GrandMode.LAST_LAYER);
            double[] exact = grandMode == GrandMode.EXACT && PerExampleGradients.use(net)
                    ? exactGrand(net, x, labels, numClasses) : null;
            for (int i = 0; i < n; i++) {
                int off = i * numClasses;
                el2n[r][i] = ScoreMath.el2n(fwd.probs, off, numClasses, labels[i]);
                loss[r][i] = ScoreMath.crossEntropy(fwd.probs, off, numClasses, labels[i]);
                grand[r][i] = switch (grandMode) {
                    case LAST_LAYER -> ScoreMath.lastLayerGrand(el2n[r][i], fwd.hidden, i * fwd.width, fwd.width);
                    case EXACT -> exact != null ? exact[i] : exactGrand(net, x, i, labels[i], numClasses);
                    case NONE -> Double.NaN;
                };
            }
        }
        return new Chunk(index, ids, labels, el2n, grand, loss);
    }

    private record Forward(float[] probs, float[] hidden, int width) {}

    /** Softmax outputs (and the output layer's input when asked) of one eval-mode pass. */
    private static Forward forward(Dl4jNetwork net, INDArray x, boolean withHidden) {
        if (!withHidden) {
            INDArray out = net.output(x, false);
            Forward f = new Forward(flat(out), null, 0);
            NativeMemory.release(out);
            return f;
        }
        Dl4jNetwork.LastLayer last = net.lastLayer(x);
        Forward f = new Forward(flat(last.output()), flat(last.input()), (int) last.input().size(1));
        NativeMemory.release(last.output());
        NativeMemory.release(last.input());
        return f;
    }

    /** Row-major values of a matrix (any order, view or not). */
    private static float[] flat(INDArray a) {
        return TrainingArrays.rowMajor(a);
    }

    /**
     * ‖∇θ ℓ(x_i, y_i)‖₂ over every parameter for every row of {@code x}, from one batched backward pass over the
     * whole chunk ({@link PerExampleGradients#norms}: dense layers as ‖x_i‖²·‖δ_i‖² + ‖δ_i‖², convolutions from
     * their per-example weight gradients). The chunk is fixed by example position, so each example's pass is the same
     * whatever the partitioning. Only for networks {@link PerExampleGradients#use} accepts.
     */
    public static double[] exactGrand(Dl4jNetwork net, INDArray x, int[] labels, int numClasses) {
        INDArray y = Nd4j.zeros(x.dataType(), labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        double[] sq = PerExampleGradients.norms(net, x, y).squaredNorms();
        NativeMemory.release(y);
        double[] out = new double[sq.length];
        for (int i = 0; i < sq.length; i++) out[i] = Math.sqrt(sq[i]);
        return out;
    }

    /**
     * ‖∇θ ℓ(x_i, y_i)‖₂ over every parameter: one backward pass on a batch of one (the inference network has no
     * updater and no regularisation: the loss gradient alone), squared sum in double.
     */
    public static double exactGrand(Dl4jNetwork net, INDArray x, int row, int label, int numClasses) {
        INDArray xi = x.getRow(row, true).dup();
        INDArray yi = Nd4j.zeros(x.dataType(), 1, numClasses);
        yi.putScalar(0, label, 1.0);
        INDArray gradient = net.gradientAndScore(xi, yi).gradient();
        float[] flat = TrainingArrays.rowMajor(gradient);
        NativeMemory.release(gradient);
        double norm = Math.sqrt(ScoreMath.squaredNorm(flat, 0, flat.length));
        NativeMemory.release(xi);
        NativeMemory.release(yi);
        return norm;
    }
}
