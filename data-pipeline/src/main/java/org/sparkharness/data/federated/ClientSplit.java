package org.sparkharness.data.federated;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One client's examples as indices into a source dataset's train and test arrays.
 *
 * <p>Indices may repeat: Fling's Dirichlet sampler draws with replacement when a class runs short, and clients may
 * share examples. The arrays are copied on construction and on access, so a split is immutable.
 *
 * @param client client index, {@code >= 0}
 * @param train  indices into the source train set
 * @param test   indices into the source test set
 */
public record ClientSplit(int client, int[] train, int[] test) implements Serializable {

    public ClientSplit {
        if (client < 0) {
            throw new IllegalArgumentException("client must be >= 0, got " + client);
        }
        train = Objects.requireNonNull(train, "train").clone();
        test = Objects.requireNonNull(test, "test").clone();
        for (int i : train) {
            if (i < 0) {
                throw new IllegalArgumentException("client " + client + ": train index " + i + " is negative");
            }
        }
        for (int i : test) {
            if (i < 0) {
                throw new IllegalArgumentException("client " + client + ": test index " + i + " is negative");
            }
        }
    }

    /** A copy of the train indices. */
    @Override
    public int[] train() {
        return train.clone();
    }

    /** A copy of the test indices. */
    @Override
    public int[] test() {
        return test.clone();
    }

    /** Number of train examples (counting repeats). */
    public int trainSize() {
        return train.length;
    }

    /** Number of test examples (counting repeats). */
    public int testSize() {
        return test.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSplit other && client == other.client
                && Arrays.equals(train, other.train) && Arrays.equals(test, other.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, Arrays.hashCode(train), Arrays.hashCode(test));
    }

    @Override
    public String toString() {
        return "ClientSplit[client=" + client + ", train=" + train.length + ", test=" + test.length + "]";
    }
}
