package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.worker.WorkerResult;

/** The round's running sum: the mean gradient does not depend on the order results arrive in. */
class GradientSumTest {
    private static List<WorkerResult> results(int k, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<WorkerResult> out = new ArrayList<>();
        for (int w = 0; w < k; w++) {
            float[] g = new float[d];
            // Magnitudes spread over six decades, as gradient entries are.
            for (int j = 0; j < d; j++) g[j] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-4, 2)));
            out.add(new WorkerResult(0, w, Nd4j.createFromArray(g), 32, 0.5 * 32, 0, 0, "test"));
        }
        return out;
    }

    @Test
    void theMeanIsTheSameWhateverTheArrivalOrder() {
        List<WorkerResult> rs = results(16, 5_000, 3);
        float[] inOrder = GradientSum.of(rs).meanGradient().toFloatVector();
        for (long shuffle = 1; shuffle <= 5; shuffle++) {
            List<WorkerResult> shuffled = new ArrayList<>(rs);
            Collections.shuffle(shuffled, new java.util.Random(shuffle));
            assertArrayEquals(inOrder, GradientSum.of(shuffled).meanGradient().toFloatVector(), 0f, "order " + shuffle);
        }
    }

    @Test
    void itCountsExamplesLossesAndTheWorkersNorms() {
        WorkerResult a = new WorkerResult(0, 0, Nd4j.createFromArray(2f, 4f), 2, 3.0, 0, 0, "t");
        WorkerResult b = new WorkerResult(0, 1, Nd4j.createFromArray(6f, 0f), 2, 1.0, 0, 0, "t");
        GradientSum s = GradientSum.of(List.of(a, b));
        assertArrayEquals(new float[] {2, 1}, s.meanGradient().toFloatVector(), 0f);
        assertEquals(4, s.count());
        assertEquals(1.0, s.meanLoss(), 0);
        assertEquals(2, s.workers());
        assertEquals((4 + 16) / 4.0 + 36 / 4.0, s.perExampleNormSq(), 1e-5, "Σ‖G_i/m_i‖² (norms in float32)");
        WorkerResult wrong = new WorkerResult(0, 2, Nd4j.createFromArray(1f, 2f, 3f), 2, 1.0, 0, 0, "t");
        assertThrows(IllegalArgumentException.class, () -> s.add(wrong));
    }
}
