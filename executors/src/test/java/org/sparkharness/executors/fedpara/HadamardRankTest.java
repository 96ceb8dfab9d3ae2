package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * §5.1's verified property: with r² ≥ min(m, n) the Hadamard product of two rank-r terms is full rank, while the
 * plain low-rank product with the same budget 2r(m+n) has rank 2r. SVD by commons-math3 (on the classpath through
 * DL4J).
 */
class HadamardRankTest {

    @Test
    void hadamardProductOfTwoRank15TermsIsFullRankWherePlainLowRankStopsAt30() {
        SplittableRandom rng = new SplittableRandom(42);
        int m = 784;
        int n = 200;
        int r = 15;
        for (int trial = 0; trial < 10; trial++) {
            INDArray x1 = TestTables.gaussian(rng, new long[] {m, r}, 1);
            INDArray y1 = TestTables.gaussian(rng, new long[] {n, r}, 1);
            INDArray x2 = TestTables.gaussian(rng, new long[] {m, r}, 1);
            INDArray y2 = TestTables.gaussian(rng, new long[] {n, r}, 1);
            INDArray hadamard = LowRankTerm.fc(x1, y1).mul(LowRankTerm.fc(x2, y2));
            INDArray x = TestTables.gaussian(rng, new long[] {m, 2 * r}, 1);
            INDArray y = TestTables.gaussian(rng, new long[] {n, 2 * r}, 1);
            INDArray plain = LowRankTerm.fc(x, y);
            assertEquals(200, rank(hadamard), "trial " + trial);
            assertEquals(30, rank(plain), "trial " + trial);
        }
    }

    @Test
    void convTermsFlattenedToOByIK2ReachFullRankToo() {
        // The conv tensor form, unfolded to [O, I·K²]: rank ≤ r² per term, the Hadamard product goes further.
        SplittableRandom rng = new SplittableRandom(7);
        int o = 32;
        int i = 16;
        int r = 6;
        INDArray[] w = new INDArray[2];
        for (int t = 0; t < 2; t++) {
            w[t] = LowRankTerm.conv(TestTables.gaussian(rng, new long[] {r, r, 3, 3}, 1),
                    TestTables.gaussian(rng, new long[] {r, o}, 1), TestTables.gaussian(rng, new long[] {r, i}, 1));
        }
        assertEquals(r, rank(w[0].reshape('c', new long[] {o, i * 9})));
        assertEquals(o, rank(w[0].mul(w[1]).reshape('c', new long[] {o, i * 9})));
    }

    /** Numerical rank: singular values above σ_max·1e-10. */
    static int rank(INDArray a) {
        double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(a.toDoubleMatrix(), false))
                .getSingularValues();
        int k = 0;
        for (double v : s) {
            if (v > s[0] * 1e-10) {
                k++;
            }
        }
        return k;
    }
}
