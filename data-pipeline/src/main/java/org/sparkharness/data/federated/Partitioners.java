package org.sparkharness.data.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Splits of a centralised dataset over federated clients ({@code docs/algorithms/federated.md} §6): IID, Fling's
 * fixed-size Dirichlet label skew, and McMahan et al.'s label-sorted shards.
 *
 * <p>Each method is a pure function of its arguments. Random draws come from streams keyed by
 * {@code (seed, purpose, client)} ({@link Rngs}); the purposes are {@code "iid.train"}, {@code "iid.test"},
 * {@code "dirichlet.q"}, {@code "dirichlet.train"}, {@code "dirichlet.test"}, {@code "shards.sort"},
 * {@code "shards.assign"} and {@code "shards.test"}. Record the partitioner and its parameters with every result:
 * different partitioners give very different numbers.
 */
public final class Partitioners {

    private Partitioners() {
    }

    /**
     * Uniform random split of the train set into {@code numClients} near-equal parts (sizes differ by at most one,
     * the first {@code trainSize mod numClients} clients get the extra example), and likewise of the test set.
     * Every index is used exactly once. Clients get empty test splits when {@code testSize < numClients}.
     *
     * @throws IllegalArgumentException unless {@code numClients >= 1}, {@code trainSize >= numClients} and
     *                                  {@code testSize >= 0}
     */
    public static List<ClientSplit> iid(int numClients, int trainSize, int testSize, long seed) {
        requireAtLeast("numClients", numClients, 1);
        if (trainSize < numClients) {
            throw new IllegalArgumentException("trainSize must be >= numClients (" + numClients + "), got "
                    + trainSize);
        }
        requireAtLeast("testSize", testSize, 0);
        int[] train = Rngs.permutation(Rngs.stream(seed, "iid.train", 0), trainSize);
        int[] test = Rngs.permutation(Rngs.stream(seed, "iid.test", 0), testSize);
        List<ClientSplit> out = new ArrayList<>(numClients);
        for (int c = 0; c < numClients; c++) {
            out.add(new ClientSplit(c, part(train, c, numClients), part(test, c, numClients)));
        }
        return Collections.unmodifiableList(out);
    }

    /** Part {@code c} of {@code parts} near-equal contiguous parts of {@code a}. */
    private static int[] part(int[] a, int c, int parts) {
        int base = a.length / parts;
        int extra = a.length % parts;
        int from = c * base + Math.min(c, extra);
        int to = from + base + (c < extra ? 1 : 0);
        return Arrays.copyOfRange(a, from, to);
    }

    /**
     * Fling's fixed-size Dirichlet sampler ({@code fling/utils/data_utils/sampling.py},
     * {@code docs/algorithms/federated.md} §6).
     *
     * <p>Client {@code i} draws {@code q_i ~ Dirichlet([alpha]·numClasses)} and takes
     * {@code int(trainPerClient·q_i[j] + 0.5)} examples of class {@code j}, the last class taking the remainder, so
     * it holds exactly {@code trainPerClient} examples ({@link #flingCounts}). Within a client a class is drawn
     * without replacement when it has enough examples and entirely with replacement otherwise (numpy
     * {@code choice(..., replace=count > available)}); different clients may share examples. The test split applies
     * the same {@code q_i} and rule to the test set ({@code testPerClient} examples), so a client's test labels
     * follow its train label distribution (standard personalised evaluation).
     *
     * @throws IllegalArgumentException on a parameter outside its range (named in the message), a label outside
     *                                  {@code 0..numClasses-1}, or a class some client needs that has no examples
     */
    public static List<ClientSplit> dirichlet(int[] trainLabels, int[] testLabels, int numClasses, int numClients,
            double alpha, int trainPerClient, int testPerClient, long seed) {
        requireAtLeast("numClasses", numClasses, 1);
        requireAtLeast("numClients", numClients, 1);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be > 0 and finite, got " + alpha);
        }
        requireAtLeast("trainPerClient", trainPerClient, 1);
        requireAtLeast("testPerClient", testPerClient, 0);
        int[][] trainByClass = byClass(trainLabels, numClasses, "trainLabels");
        int[][] testByClass = byClass(testLabels, numClasses, "testLabels");
        List<ClientSplit> out = new ArrayList<>(numClients);
        for (int c = 0; c < numClients; c++) {
            double[] q = dirichletProportions(alpha, numClasses, seed, c);
            int[] train = draw(trainByClass, flingCounts(q, trainPerClient),
                    Rngs.stream(seed, "dirichlet.train", c), "trainLabels", c);
            int[] test = draw(testByClass, flingCounts(q, testPerClient),
                    Rngs.stream(seed, "dirichlet.test", c), "testLabels", c);
            out.add(new ClientSplit(c, train, test));
        }
        return Collections.unmodifiableList(out);
    }

    /** Client {@code client}'s class proportions in {@link #dirichlet}. */
    static double[] dirichletProportions(double alpha, int numClasses, long seed, int client) {
        return Rngs.dirichlet(Rngs.stream(seed, "dirichlet.q", client), alpha, numClasses);
    }

    /**
     * Fling's per-class counts: {@code int(n·q[j] + 0.5)} for every class but the last, which takes the remainder.
     *
     * <p>Deviation [inferred]: rounding up can make the first classes sum to more than {@code n}, where Fling would
     * ask numpy for a negative sample count and fail. Here the excess is removed one example at a time from the
     * class whose rounded count most exceeds its exact share {@code n·q[j]} (lowest class on ties), so the result is
     * always non-negative and sums to {@code n}.
     */
    static int[] flingCounts(double[] q, int n) {
        int k = q.length;
        int[] counts = new int[k];
        int sum = 0;
        for (int j = 0; j < k - 1; j++) {
            counts[j] = (int) (n * q[j] + 0.5);
            sum += counts[j];
        }
        while (sum > n) {
            int worst = -1;
            double worstExcess = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k - 1; j++) {
                double excess = counts[j] - n * q[j];
                if (counts[j] > 0 && excess > worstExcess) {
                    worst = j;
                    worstExcess = excess;
                }
            }
            counts[worst]--;
            sum--;
        }
        counts[k - 1] = n - sum;
        return counts;
    }

    /**
     * McMahan et al. 2017 shards (arXiv 1602.05629 §3; pFedPara MNIST uses 2 shards of 300 per client).
     *
     * <p>The train set is shuffled (seeded) and then stably sorted by label, so ties are broken at random; it is cut
     * into {@code numClients·shardsPerClient} contiguous shards of near-equal size (sizes differ by at most one, so
     * every train index is used exactly once); a random permutation of the shards gives each client
     * {@code shardsPerClient} of them. The client's test split is {@code testPerClient} examples of the test set,
     * with class counts apportioned to the client's train label proportions by largest remainders (so no class the
     * client has not seen in training appears), drawn as in {@link #dirichlet}.
     *
     * @throws IllegalArgumentException on a parameter outside its range (named in the message), e.g.
     *                                  {@code numClients·shardsPerClient > trainLabels.length}
     */
    public static List<ClientSplit> shards(int[] trainLabels, int[] testLabels, int numClasses, int numClients,
            int shardsPerClient, int testPerClient, long seed) {
        requireAtLeast("numClasses", numClasses, 1);
        requireAtLeast("numClients", numClients, 1);
        requireAtLeast("shardsPerClient", shardsPerClient, 1);
        requireAtLeast("testPerClient", testPerClient, 0);
        int[][] trainByClass = byClass(trainLabels, numClasses, "trainLabels");
        int[][] testByClass = byClass(testLabels, numClasses, "testLabels");
        long numShards = (long) numClients * shardsPerClient;
        if (numShards > trainLabels.length) {
            throw new IllegalArgumentException("numClients·shardsPerClient must be <= train size "
                    + trainLabels.length + ", got " + numClients + "·" + shardsPerClient + " = " + numShards);
        }
        int[] sorted = sortedByLabel(trainLabels, numClasses, Rngs.stream(seed, "shards.sort", 0));
        int[] shardOrder = Rngs.permutation(Rngs.stream(seed, "shards.assign", 0), (int) numShards);
        List<ClientSplit> out = new ArrayList<>(numClients);
        for (int c = 0; c < numClients; c++) {
            int[] mine = new int[shardsPerClient];
            System.arraycopy(shardOrder, c * shardsPerClient, mine, 0, shardsPerClient);
            Arrays.sort(mine); // shard order within a client does not matter; sorted keeps the split readable
            int[] train = concatShards(sorted, mine, (int) numShards);
            int[] classCount = new int[numClasses];
            for (int i : train) {
                classCount[trainLabels[i]]++;
            }
            double[] share = new double[numClasses];
            for (int j = 0; j < numClasses; j++) {
                share[j] = (double) classCount[j] / train.length;
            }
            int[] test = draw(testByClass, apportion(share, testPerClient),
                    Rngs.stream(seed, "shards.test", c), "testLabels", c);
            out.add(new ClientSplit(c, train, test));
        }
        return Collections.unmodifiableList(out);
    }

    /** Indices {@code 0..n-1} in label order, ties in a seeded random order. */
    private static int[] sortedByLabel(int[] labels, int numClasses, RandomGenerator rng) {
        int[] shuffled = Rngs.permutation(rng, labels.length);
        int[] start = new int[numClasses + 1];
        for (int label : labels) {
            start[label + 1]++;
        }
        for (int j = 0; j < numClasses; j++) {
            start[j + 1] += start[j];
        }
        int[] out = new int[labels.length];
        for (int i : shuffled) { // counting sort: stable in the shuffled order
            out[start[labels[i]]++] = i;
        }
        return out;
    }

    private static int[] concatShards(int[] sorted, int[] shardIds, int numShards) {
        int total = 0;
        for (int s : shardIds) {
            total += shardEnd(sorted.length, s, numShards) - shardEnd(sorted.length, s - 1, numShards);
        }
        int[] out = new int[total];
        int pos = 0;
        for (int s : shardIds) {
            int from = shardEnd(sorted.length, s - 1, numShards);
            int to = shardEnd(sorted.length, s, numShards);
            System.arraycopy(sorted, from, out, pos, to - from);
            pos += to - from;
        }
        return out;
    }

    /** Exclusive end of shard {@code s} ({@code s = -1} gives 0). */
    private static int shardEnd(int n, int s, int numShards) {
        return (int) ((long) n * (s + 1) / numShards);
    }

    /**
     * Largest-remainder (Hamilton) apportionment of {@code n} over shares {@code q} (summing to 1): floors first,
     * then one extra each to the largest fractional parts, lowest class on ties. A class with share 0 gets 0.
     */
    static int[] apportion(double[] q, int n) {
        int k = q.length;
        int[] counts = new int[k];
        double[] frac = new double[k];
        int sum = 0;
        for (int j = 0; j < k; j++) {
            double exact = n * q[j];
            counts[j] = (int) Math.floor(exact);
            frac[j] = exact - counts[j];
            sum += counts[j];
        }
        while (sum < n) {
            int best = -1;
            for (int j = 0; j < k; j++) {
                if (q[j] > 0 && (best < 0 || frac[j] > frac[best])) {
                    best = j;
                }
            }
            counts[best]++;
            frac[best] = -1;
            sum++;
        }
        return counts;
    }

    /** Client {@code client}'s indices: {@code counts[j]} examples of class {@code j}, classes in order. */
    private static int[] draw(int[][] byClass, int[] counts, RandomGenerator rng, String source, int client) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        int[] out = new int[total];
        int pos = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] == 0) {
                continue;
            }
            if (byClass[j].length == 0) {
                throw new IllegalArgumentException("class " + j + " has no examples in " + source + " but client "
                        + client + " needs " + counts[j]);
            }
            int[] picked = Rngs.choose(rng, byClass[j], counts[j]);
            System.arraycopy(picked, 0, out, pos, picked.length);
            pos += picked.length;
        }
        return out;
    }

    /** For each class, the indices with that label, ascending. */
    private static int[][] byClass(int[] labels, int numClasses, String name) {
        Objects.requireNonNull(labels, name);
        int[] count = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + labels[i] + " is outside 0.."
                        + (numClasses - 1));
            }
            count[labels[i]]++;
        }
        int[][] out = new int[numClasses][];
        for (int j = 0; j < numClasses; j++) {
            out[j] = new int[count[j]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }
}
