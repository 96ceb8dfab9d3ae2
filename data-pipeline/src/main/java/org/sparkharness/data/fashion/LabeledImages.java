package org.sparkharness.data.fashion;

import java.util.Arrays;
import java.util.Objects;

import org.sparkharness.executors.worker.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A set of flattened images with integer class labels and stable example ids.
 *
 * <p>Row {@code i} of {@code features} is example {@code ids[i]} with class {@code labels[i]}. The id is the
 * example's index in the file it was read from and survives {@link #subset}, so pruning scores, noisy-label flags
 * and manifests can refer to examples across subsets.
 *
 * <p>Ownership: {@code labels} and {@code ids} are copied on construction and on access (use {@link #label(int)}
 * and {@link #id(int)} in loops); {@code features} is shared, not copied: callers must not mutate it in place.
 *
 * @param features   {@code [n, d]} FLOAT, for Fashion-MNIST {@code d = 784} pixels scaled to [0, 1]
 * @param labels     {@code n} class indices in {@code 0..numClasses-1}
 * @param ids        {@code n} example ids
 * @param numClasses number of classes ({@code 10} for Fashion-MNIST)
 */
public record LabeledImages(INDArray features, int[] labels, long[] ids, int numClasses) {

    public LabeledImages {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(ids, "ids");
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must be [n, d], got shape "
                    + Arrays.toString(features.shape()));
        }
        if (features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("features must be FLOAT, got " + features.dataType());
        }
        long n = features.size(0);
        if (labels.length != n || ids.length != n) {
            throw new IllegalArgumentException("features has " + n + " rows but labels has " + labels.length
                    + " and ids has " + ids.length);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " (id " + ids[i]
                        + ") is outside 0.." + (numClasses - 1));
            }
        }
        labels = labels.clone();
        ids = ids.clone();
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** A copy of the labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the ids. */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** Label of row {@code row}. */
    public int label(int row) {
        return labels[row];
    }

    /** Id of row {@code row}. */
    public long id(int row) {
        return ids[row];
    }

    /** The labels as a new {@code [n, numClasses]} FLOAT one-hot matrix. */
    public INDArray oneHotLabels() {
        float[] oneHot = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * numClasses + labels[i]] = 1f;
        }
        return Nd4j.create(oneHot, new long[] {labels.length, numClasses}, 'c');
    }

    /**
     * The rows at {@code indices} (positions in this set, not ids), in that order, with their original ids.
     * Repeated indices repeat the example. Features are copied.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code 0..size()-1}
     */
    public LabeledImages subset(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        int[] subLabels = new int[indices.length];
        long[] subIds = new long[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int row = indices[k];
            if (row < 0 || row >= labels.length) {
                throw new IndexOutOfBoundsException("subset index " + row + " at position " + k + " is outside 0.."
                        + (labels.length - 1));
            }
            subLabels[k] = labels[row];
            subIds[k] = ids[row];
        }
        INDArray subFeatures = indices.length == 0
                ? Nd4j.create(DataType.FLOAT, 0, features.size(1))
                : Rows.gather(features, indices);
        return new LabeledImages(subFeatures, subLabels, subIds, numClasses);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledImages other && numClasses == other.numClasses
                && Arrays.equals(labels, other.labels) && Arrays.equals(ids, other.ids)
                && features.equals(other.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(labels), Arrays.hashCode(ids), numClasses);
    }

    @Override
    public String toString() {
        return "LabeledImages[size=" + labels.length + ", features=" + Arrays.toString(features.shape()) + " "
                + features.dataType() + ", numClasses=" + numClasses + "]";
    }
}
