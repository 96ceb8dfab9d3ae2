package org.sparkharness.data.federated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * The Synthetic(α, β) and Synthetic_IID federated data sets of FedProx (Li et al., MLSys 2020, arXiv 1812.06127),
 * ported from {@code litian96/FedProx} {@code data/synthetic_1_1/generate_synthetic.py} and
 * {@code data/synthetic_iid/generate_iid.py} ({@code docs/algorithms/federated.md} §3.5), with a seed.
 *
 * <p>Per device k: {@code n_k = int(lognormal(4, 2)) + 50}; {@code u_k ~ N(0, α)}, {@code B_k ~ N(0, β)} (α and β
 * are standard deviations, as numpy's {@code normal(0, alpha)}); {@code v_k[j] ~ N(B_k, 1)};
 * {@code W_k ~ N(u_k, 1)^(60×10)}, {@code b_k ~ N(u_k, 1)^10}; {@code x ~ N(v_k, Σ)} with
 * {@code Σ = diag(j^-1.2)}, {@code j = 1..60}; {@code y = argmax(x·W_k + b_k)} (softmax does not change the argmax;
 * ties go to the lowest class, as numpy); then the device's examples are shuffled and the first
 * {@code int(0.9·n_k)} become train, the rest test. α sets how much the local models differ, β how much the local
 * data differ. Synthetic_IID uses one global {@code W, b ~ N(0, 1)} and {@code v_k = 0}.
 *
 * <p>Draw order (bit-exact replication of numpy's stream is not attempted): device k uses its own stream
 * {@code Rngs.stream(seed, "synthetic", k)} and draws {@code n_k}, {@code u_k}, {@code B_k}, {@code v_k[0..59]},
 * {@code W_k} row by row (60 rows of 10), {@code b_k[0..9]}, then the {@code n_k} rows of x (60 standard normals
 * each), then a Fisher–Yates shuffle. For Synthetic_IID, {@code W} (row by row) and {@code b} come from
 * {@code Rngs.stream(seed, "synthetic.iid.global", 0)} and device k draws {@code n_k}, its rows and its shuffle from
 * {@code Rngs.stream(seed, "synthetic.iid", k)}. So device k's data does not depend on how many devices are made:
 * {@code users = 30} is a prefix of {@code users = 60} for the same seed. Features are rounded to float before
 * labelling, so the stored x reproduces its stored y exactly.
 *
 * <p>Sizes are heavy-tailed: one device can hold over 10k examples, and the official files were made without a
 * seed, so use {@link LeafJson} on the bundled files to compare like with like.
 */
public final class SyntheticFedProx {

    /** Feature dimension d. */
    public static final int DIMENSION = 60;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Devices in the released data sets. */
    public static final int USERS = 30;

    /** Standard deviation of feature j (0-based): sqrt(Σ_jj) = (j + 1)^-0.6. */
    private static final double[] FEATURE_SD = new double[DIMENSION];

    static {
        for (int j = 0; j < DIMENSION; j++) {
            FEATURE_SD[j] = Math.sqrt(Math.pow(j + 1, -1.2));
        }
    }

    private SyntheticFedProx() {
    }

    /**
     * Synthetic(α, β) with {@code users} devices; Synthetic(0,0), (0.5,0.5) and (1,1) are the released settings.
     *
     * @param alpha standard deviation of u_k, {@code >= 0}
     * @param beta  standard deviation of B_k, {@code >= 0}
     * @throws IllegalArgumentException if alpha or beta is negative or not finite, or {@code users < 1}
     */
    public static List<ClientArrays> generate(double alpha, double beta, int users, long seed) {
        requireStd("alpha", alpha);
        requireStd("beta", beta);
        requireUsers(users);
        List<ClientArrays> out = new ArrayList<>(users);
        for (int k = 0; k < users; k++) {
            RandomGenerator rng = Rngs.stream(seed, "synthetic", k);
            out.add(sample(k, drawDevice(rng, alpha, beta), rng));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Synthetic_IID: one global {@code W, b ~ N(0, 1)}, {@code v_k = 0}, the same Σ and size law.
     *
     * @throws IllegalArgumentException if {@code users < 1}
     */
    public static List<ClientArrays> generateIid(int users, long seed) {
        requireUsers(users);
        List<ClientArrays> out = new ArrayList<>(users);
        for (int k = 0; k < users; k++) {
            RandomGenerator rng = Rngs.stream(seed, "synthetic.iid", k);
            out.add(sample(k, iidDevice(rng, seed), rng));
        }
        return Collections.unmodifiableList(out);
    }

    /** Device k's model and size in {@link #generate}, as drawn there (for tests). */
    static DeviceModel device(double alpha, double beta, long seed, int k) {
        return drawDevice(Rngs.stream(seed, "synthetic", k), alpha, beta);
    }

    /** Device k's model and size in {@link #generateIid}, as drawn there (for tests). */
    static DeviceModel iidDevice(long seed, int k) {
        return iidDevice(Rngs.stream(seed, "synthetic.iid", k), seed);
    }

    private static DeviceModel drawDevice(RandomGenerator rng, double alpha, double beta) {
        int n = drawSize(rng);
        double u = Rngs.normal(rng, 0, alpha);
        double bigB = Rngs.normal(rng, 0, beta);
        double[] v = new double[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            v[j] = Rngs.normal(rng, bigB, 1);
        }
        double[][] w = normalMatrix(rng, u, DIMENSION, CLASSES);
        double[] b = normalMatrix(rng, u, 1, CLASSES)[0];
        return new DeviceModel(n, u, bigB, v, w, b);
    }

    private static DeviceModel iidDevice(RandomGenerator rng, long seed) {
        int n = drawSize(rng);
        RandomGenerator global = Rngs.stream(seed, "synthetic.iid.global", 0);
        double[][] w = normalMatrix(global, 0, DIMENSION, CLASSES);
        double[] b = normalMatrix(global, 0, 1, CLASSES)[0];
        return new DeviceModel(n, 0, 0, new double[DIMENSION], w, b);
    }

    /** {@code int(lognormal(4, 2)) + 50}; fails rather than wrap if a draw exceeds int range (p ≈ 1e-18). */
    private static int drawSize(RandomGenerator rng) {
        return Math.toIntExact((long) Rngs.lognormal(rng, 4, 2) + 50);
    }

    private static double[][] normalMatrix(RandomGenerator rng, double mean, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = Rngs.normal(rng, mean, 1);
            }
        }
        return m;
    }

    /** Draws the device's rows, labels them, shuffles and splits 90/10. */
    private static ClientArrays sample(int k, DeviceModel model, RandomGenerator rng) {
        int n = model.n();
        float[][] x = new float[n][DIMENSION];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < DIMENSION; j++) {
                x[i][j] = (float) (model.v()[j] + FEATURE_SD[j] * rng.nextGaussian());
            }
            y[i] = model.label(x[i]);
        }
        int[] order = Rngs.permutation(rng, n);
        int nTrain = (int) (0.9 * n);
        float[][] trainX = new float[nTrain][];
        int[] trainY = new int[nTrain];
        float[][] testX = new float[n - nTrain][];
        int[] testY = new int[n - nTrain];
        for (int i = 0; i < n; i++) {
            int src = order[i];
            if (i < nTrain) {
                trainX[i] = x[src];
                trainY[i] = y[src];
            } else {
                testX[i - nTrain] = x[src];
                testY[i - nTrain] = y[src];
            }
        }
        return new ClientArrays(k, trainX, trainY, testX, testY);
    }

    private static void requireStd(String name, double sd) {
        if (!(sd >= 0) || Double.isInfinite(sd)) {
            throw new IllegalArgumentException(name + " is a standard deviation and must be >= 0 and finite, got "
                    + sd);
        }
    }

    private static void requireUsers(int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, got " + users);
        }
    }

    /**
     * One device's drawn parameters. Arrays are shared, not copied: package-private, read-only by convention.
     *
     * @param n  number of examples n_k
     * @param u  u_k, the mean of W_k and b_k
     * @param bigB B_k, the mean of v_k
     * @param v  v_k, the feature mean (60)
     * @param w  W_k, {@code [60][10]}
     * @param b  b_k (10)
     */
    record DeviceModel(int n, double u, double bigB, double[] v, double[][] w, double[] b) {

        /** argmax over classes of {@code x·W + b}, lowest class on ties. */
        int label(float[] x) {
            int best = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double logit = b[c];
                for (int j = 0; j < DIMENSION; j++) {
                    logit += x[j] * w[j][c];
                }
                if (logit > bestLogit) {
                    bestLogit = logit;
                    best = c;
                }
            }
            return best;
        }
    }
}
