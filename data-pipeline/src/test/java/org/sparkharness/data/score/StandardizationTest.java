package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StandardizationTest {
    @Test
    void standardisesEachFeatureWithTrainingStatisticsAndOnlyCentresConstantOnes() {
        // 4 examples × 3 features; feature 2 is constant.
        float[] f = {0, 1, 5, 2, 3, 5, 4, 5, 5, 6, 7, 5};
        TrainingArrays train = new TrainingArrays(f, new int[] {0, 1, 0, 1}, new long[] {1, 2, 3, 4}, 3, 2);
        Standardization z = Standardization.fit(train);
        assertArrayEquals(new double[] {3, 4, 5}, z.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(5), Math.sqrt(5), 1}, z.std(), 1e-12, "population std; 1 if 0");
        TrainingArrays s = z.apply(train);
        assertEquals(-3 / Math.sqrt(5), s.features()[0], 1e-6);
        assertEquals(0f, s.features()[2]);
        assertArrayEquals(train.labels(), s.labels());
        TrainingArrays test = new TrainingArrays(new float[] {3, 4, 6}, new int[] {0}, new long[] {9}, 3, 2);
        assertArrayEquals(new float[] {0, 0, 1}, z.apply(test).features(), 1e-6f, "test uses training statistics");
    }
}
