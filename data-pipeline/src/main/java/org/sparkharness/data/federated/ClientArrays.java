package org.sparkharness.data.federated;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One client's own feature rows and labels, for generated or imported data that has no shared source dataset
 * (FedProx Synthetic, LEAF JSON).
 *
 * <p>All rows of both splits have the same length. Arrays are deep-copied on construction and on access (the data
 * sets this holds are small: Synthetic(1,1) is about 10k × 60); use {@link #trainSize()} and friends in loops.
 *
 * @param client client index, {@code >= 0}
 * @param trainX train rows {@code [n, d]}
 * @param trainY train labels {@code n}, each {@code >= 0}
 * @param testX  test rows {@code [m, d]}
 * @param testY  test labels {@code m}, each {@code >= 0}
 */
public record ClientArrays(int client, float[][] trainX, int[] trainY, float[][] testX, int[] testY)
        implements Serializable {

    public ClientArrays {
        if (client < 0) {
            throw new IllegalArgumentException("client must be >= 0, got " + client);
        }
        Objects.requireNonNull(trainX, "trainX");
        Objects.requireNonNull(trainY, "trainY");
        Objects.requireNonNull(testX, "testX");
        Objects.requireNonNull(testY, "testY");
        checkSplit(client, "train", trainX, trainY);
        checkSplit(client, "test", testX, testY);
        int d = trainX.length > 0 ? trainX[0].length : testX.length > 0 ? testX[0].length : 0;
        checkWidth(client, "trainX", trainX, d);
        checkWidth(client, "testX", testX, d);
        trainX = deepCopy(trainX);
        trainY = trainY.clone();
        testX = deepCopy(testX);
        testY = testY.clone();
    }

    private static void checkSplit(int client, String name, float[][] x, int[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("client " + client + ": " + name + "X has " + x.length + " rows but "
                    + name + "Y has " + y.length + " labels");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                throw new IllegalArgumentException("client " + client + ": " + name + "Y[" + i + "] = " + y[i]
                        + " must be >= 0");
            }
        }
    }

    private static void checkWidth(int client, String name, float[][] x, int d) {
        for (int i = 0; i < x.length; i++) {
            Objects.requireNonNull(x[i], name + "[" + i + "]");
            if (x[i].length != d) {
                throw new IllegalArgumentException("client " + client + ": " + name + "[" + i + "] has "
                        + x[i].length + " features, expected " + d);
            }
        }
    }

    private static float[][] deepCopy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /** A deep copy of the train rows. */
    @Override
    public float[][] trainX() {
        return deepCopy(trainX);
    }

    /** A copy of the train labels. */
    @Override
    public int[] trainY() {
        return trainY.clone();
    }

    /** A deep copy of the test rows. */
    @Override
    public float[][] testX() {
        return deepCopy(testX);
    }

    /** A copy of the test labels. */
    @Override
    public int[] testY() {
        return testY.clone();
    }

    /** Number of train examples. */
    public int trainSize() {
        return trainY.length;
    }

    /** Number of test examples. */
    public int testSize() {
        return testY.length;
    }

    /** Feature dimension, {@code 0} when the client has no examples. */
    public int dimension() {
        return trainX.length > 0 ? trainX[0].length : testX.length > 0 ? testX[0].length : 0;
    }

    /** Train label {@code i}, without copying. */
    public int trainLabel(int i) {
        return trainY[i];
    }

    /** Test label {@code i}, without copying. */
    public int testLabel(int i) {
        return testY[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientArrays other && client == other.client
                && Arrays.deepEquals(trainX, other.trainX) && Arrays.equals(trainY, other.trainY)
                && Arrays.deepEquals(testX, other.testX) && Arrays.equals(testY, other.testY);
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, Arrays.deepHashCode(trainX), Arrays.hashCode(trainY),
                Arrays.deepHashCode(testX), Arrays.hashCode(testY));
    }

    @Override
    public String toString() {
        return "ClientArrays[client=" + client + ", train=" + trainY.length + ", test=" + testY.length
                + ", dimension=" + dimension() + "]";
    }
}
