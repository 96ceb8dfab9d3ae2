package org.sparkharness.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pairwise-merged channel moments against a direct two-pass computation, and the normalisation they drive. */
class ChannelMomentsTest {
    @Test
    void mergingImagesInAnyGroupingGivesTheDirectMeanAndPopulationStd() {
        SplittableRandom rng = new SplittableRandom(5);
        int channels = 3;
        int plane = 6;
        double[][] images = new double[7][channels * plane];
        for (double[] x : images) for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() * (1 + i / plane);
        ChannelMoments left = ChannelMoments.empty(channels);
        for (int k = 0; k < 3; k++) left = left.merge(ChannelMoments.of(images[k], channels));
        ChannelMoments right = ChannelMoments.empty(channels);
        for (int k = 3; k < images.length; k++) right = ChannelMoments.of(images[k], channels).merge(right);
        ChannelMoments all = right.merge(left);

        assertEquals(images.length * (long) plane, all.count());
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (double[] x : images) for (int i = c * plane; i < (c + 1) * plane; i++) sum += x[i];
            double mean = sum / (images.length * plane);
            double ss = 0;
            for (double[] x : images) for (int i = c * plane; i < (c + 1) * plane; i++) ss += (x[i] - mean) * (x[i] - mean);
            assertEquals(mean, all.mean()[c], 1e-12);
            assertEquals(Math.sqrt(ss / (images.length * plane)), all.std()[c], 1e-12);
        }
    }

    @Test
    void normalisingSubtractsTheChannelMeanAndDividesByItsStdLeavingAConstantChannelCentred() {
        double[] x = {0.2, 0.4, 1.0, 1.0};
        double[] y = ChannelNormaliser.normalise(x, new double[] {0.3, 1.0}, new double[] {0.1, 0});
        assertArrayEquals(new double[] {-1, 1, 0, 0}, y, 1e-12);
        assertArrayEquals(new double[] {0.2, 0.4, 1.0, 1.0}, x, 0, "the input is not changed");
    }
}
