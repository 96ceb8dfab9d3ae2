package org.sparkharness.data.image;

import java.io.Serializable;

/**
 * Mean and sum of squared deviations of each channel over many images, merged pairwise (Chan, Golub, LeVeque 1979,
 * "Updating formulae and a pairwise algorithm for computing sample variances"), so a Spark aggregation can combine
 * partitions in any order without the cancellation of sum-of-squares formulas.
 *
 * <pre>
 *   n = n_a + n_b;  d = mean_b − mean_a;  mean = mean_a + d·n_b/n;  M2 = M2_a + M2_b + d²·n_a·n_b/n
 *   std = sqrt(M2 / n)   (population standard deviation over every pixel of the channel)
 * </pre>
 *
 * Immutable; arrays are not shared with callers.
 *
 * @param count values per channel seen (pixels · images)
 */
public record ChannelMoments(long count, double[] mean, double[] m2) implements Serializable {
    public ChannelMoments {
        if (mean.length != m2.length) throw new IllegalArgumentException("mean and m2 differ in length");
        mean = mean.clone();
        m2 = m2.clone();
    }

    /** Nothing seen yet, for {@code channels} channels. */
    public static ChannelMoments empty(int channels) {
        return new ChannelMoments(0, new double[channels], new double[channels]);
    }

    /** One example's values, laid out channels first with {@code channels} equal planes. */
    public static ChannelMoments of(double[] x, int channels) {
        if (x.length % channels != 0) {
            throw new IllegalArgumentException(x.length + " values do not split into " + channels + " channels");
        }
        int plane = x.length / channels;
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) sum += x[i];
            double mu = sum / plane;
            double ss = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) ss += (x[i] - mu) * (x[i] - mu);
            mean[c] = mu;
            m2[c] = ss;
        }
        return new ChannelMoments(plane, mean, m2);
    }

    /** The moments of both sets together. */
    public ChannelMoments merge(ChannelMoments o) {
        if (o.mean.length != mean.length) throw new IllegalArgumentException("channel counts differ");
        if (o.count == 0) return this;
        if (count == 0) return o;
        long n = count + o.count;
        double[] mu = new double[mean.length];
        double[] ss = new double[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double d = o.mean[c] - mean[c];
            mu[c] = mean[c] + d * o.count / n;
            ss[c] = m2[c] + o.m2[c] + d * d * ((double) count * o.count / n);
        }
        return new ChannelMoments(n, mu, ss);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] m2() {
        return m2.clone();
    }

    /** Population standard deviation per channel. */
    public double[] std() {
        double[] s = new double[mean.length];
        for (int c = 0; c < s.length; c++) s[c] = count == 0 ? 0 : Math.sqrt(m2[c] / count);
        return s;
    }
}
