package org.sparkharness.data.score;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.executors.model.InputShape;

/**
 * A labelled image set as plain Java arrays (row-major {@code float[]} features, labels, ids): the form broadcast to
 * Spark tasks, since ND4J arrays live off-heap and do not serialise compactly. A plain class rather than a record
 * because Spark's Kryo 4 cannot set a record's fields. Immutable by convention: the arrays are shared, not copied,
 * so nobody may write to them.
 */
public final class TrainingArrays implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final int[] labels;
    private final long[] ids;
    private final int dim;
    private final int numClasses;

    /**
     * @param features   {@code n·dim} values, row i at {@code [i·dim, (i+1)·dim)}
     * @param labels     class of each row, in {@code 0..numClasses-1}
     * @param ids        stable example id of each row
     * @param dim        features per example
     * @param numClasses number of classes
     */
    public TrainingArrays(float[] features, int[] labels, long[] ids, int dim, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(ids, "ids");
        if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        if (labels.length != ids.length || (long) labels.length * dim != features.length) {
            throw new IllegalArgumentException("inconsistent sizes: " + labels.length + " labels, " + ids.length
                    + " ids, " + features.length + " feature values of dimension " + dim);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of id " + ids[i] + " is outside 0.."
                        + (numClasses - 1));
            }
        }
        this.features = features;
        this.labels = labels;
        this.ids = ids;
        this.dim = dim;
        this.numClasses = numClasses;
    }

    /** Copies a {@link LabeledImages} out of ND4J. */
    public static TrainingArrays of(LabeledImages images) {
        INDArray f = images.features();
        return new TrainingArrays(rowMajor(f), images.labels(), images.ids(), (int) f.size(1), images.numClasses());
    }

    /** Row-major copy of any array's values. */
    public static float[] rowMajor(INDArray a) {
        return a.reshape('c', new long[] {a.length()}).toFloatVector();
    }

    /** The shared feature buffer (do not modify). */
    public float[] features() {
        return features;
    }

    /** The shared label array (do not modify). */
    public int[] labels() {
        return labels;
    }

    /** The shared id array (do not modify). */
    public long[] ids() {
        return ids;
    }

    public int dim() {
        return dim;
    }

    public int numClasses() {
        return numClasses;
    }

    public int size() {
        return labels.length;
    }

    /**
     * The network input shape: square single-channel images when {@code dim} is a perfect square (28×28 for
     * Fashion-MNIST, so convolutional specs work), else a 1×dim row.
     */
    public InputShape inputShape() {
        int side = (int) Math.round(Math.sqrt(dim));
        return side * side == dim ? new InputShape(side, side, 1, numClasses) : new InputShape(1, dim, 1, numClasses);
    }

    /** The same examples with other labels (for injected label noise). */
    public TrainingArrays withLabels(int[] newLabels) {
        return new TrainingArrays(features, newLabels.clone(), ids, dim, numClasses);
    }

    /** A new {@code [n, dim]} FLOAT matrix of all features. */
    public INDArray featureMatrix() {
        return Nd4j.create(features, new long[] {labels.length, dim}, 'c');
    }

    /** A new {@code [to − from, dim]} FLOAT matrix of rows {@code [from, to)}. */
    public INDArray featureRows(int from, int to) {
        Objects.checkFromToIndex(from, to, labels.length);
        float[] slice = Arrays.copyOfRange(features, from * dim, to * dim);
        return Nd4j.create(slice, new long[] {to - from, dim}, 'c');
    }

    /** Back to ND4J form. */
    public LabeledImages toLabeledImages() {
        return new LabeledImages(featureMatrix(), labels, ids, numClasses);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingArrays t && dim == t.dim && numClasses == t.numClasses
                && Arrays.equals(labels, t.labels) && Arrays.equals(ids, t.ids) && Arrays.equals(features, t.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(labels), Arrays.hashCode(ids), dim, numClasses);
    }

    @Override
    public String toString() {
        return "TrainingArrays[n=" + labels.length + ", dim=" + dim + ", numClasses=" + numClasses + "]";
    }
}
