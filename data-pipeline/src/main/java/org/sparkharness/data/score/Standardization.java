package org.sparkharness.data.score;

import java.io.Serializable;

/**
 * Per-feature standardisation x' = (x − μ_j) / σ_j with the training set's mean and (population) standard deviation,
 * as in the reference setup of docs/algorithms/data-pipeline.md §6. A feature whose σ is below {@link #MIN_STD} (a
 * pixel that is constant over the training set) is only centred.
 *
 * @param mean per-feature mean
 * @param std  per-feature standard deviation used as divisor (1 for constant features)
 */
public record Standardization(double[] mean, double[] std) implements Serializable {
    public static final double MIN_STD = 1e-8;

    /** Statistics of {@code train}, accumulated in double. */
    public static Standardization fit(TrainingArrays train) {
        int d = train.dim();
        int n = train.size();
        float[] f = train.features();
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) mean[j] += f[i * d + j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = f[i * d + j] - mean[j];
                sq[j] += c * c;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sq[j] / n);
            std[j] = s < MIN_STD ? 1 : s;
        }
        return new Standardization(mean, std);
    }

    /** A standardised copy (labels and ids shared). */
    public TrainingArrays apply(TrainingArrays data) {
        int d = data.dim();
        if (d != mean.length) throw new IllegalArgumentException("dimension " + d + " vs " + mean.length);
        float[] src = data.features();
        float[] out = new float[src.length];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < d; j++) out[i * d + j] = (float) ((src[i * d + j] - mean[j]) / std[j]);
        }
        return new TrainingArrays(out, data.labels(), data.ids(), d, data.numClasses());
    }
}
