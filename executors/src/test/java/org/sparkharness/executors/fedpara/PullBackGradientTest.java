package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

/**
 * The chain rule of {@link FedPara#pullBack} against central finite differences of a closed-form loss,
 * {@code L(w) = Σ_W Σ(A ⊙ W) + ½‖W‖²} over the composed table {@code W = compose(w)}, whose dense gradient is
 * {@code A + W}. Every trainable coordinate is checked, in double precision.
 */
class PullBackGradientTest {
    /** FC 20×16 (r = 4) and conv 6×5×3×3 (r = 3): m ≠ n and O ≠ I, so a swapped transpose cannot pass. */
    static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("0_W", new long[] {6, 5, 3, 3});
        s.put("0_b", new long[] {1, 6});
        s.put("1_W", new long[] {20, 16});
        s.put("1_b", new long[] {1, 16});
        return s;
    }

    @ParameterizedTest(name = "personalised={0}")
    @ValueSource(booleans = {false, true})
    void pullBackMatchesFiniteDifferences(boolean personalised) {
        FedPara p = FedPara.plan(shapes(), 0.5, FedPara.Init.VARIANCE_MATCHED, personalised);
        assertEquals(Map.of("0_W", 3, "1_W", 4), p.ranks());
        ParamTable dense = TestTables.random(shapes(), 1, DataType.DOUBLE, 1.0);
        ParamTable a = TestTables.random(shapes(), 2, DataType.DOUBLE, 1.0);
        // Random factors rather than init(): pFedPara's init zeroes Y2, which would hide half of the chain rule.
        ParamTable w = TestTables.random(p.init(dense, 3).shapes(), 4, DataType.DOUBLE, 0.7);
        assertEquals(List.of("0_W.x1", "0_W.y1", "0_W.x2", "0_W.y2", "0_W.t1", "0_W.t2", "0_b",
                "1_W.x1", "1_W.y1", "1_W.x2", "1_W.y2", "1_b"), w.names());

        ParamTable before = w.dup();
        ParamTable composed = p.compose(w);
        assertEquals(dense.names(), composed.names());
        ParamTable denseGrad = a.zipWith(composed, INDArray::add);
        double[] analytic = p.pullBack(w, denseGrad).flatten().toDoubleVector();

        double[] x = w.flatten().toDoubleVector();
        double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double up = loss(p, w, x, a);
            x[i] = keep - h;
            double down = loss(p, w, x, a);
            x[i] = keep;
            double numeric = (up - down) / (2 * h);
            double rel = Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
            worst = Math.max(worst, rel);
        }
        assertTrue(worst < 1e-4, "worst relative error " + worst);
        assertEquals(before, w, "compose and pullBack leave their inputs alone");
        assertEquals(before, w.dup());
    }

    private static double loss(FedPara p, ParamTable like, double[] flat, ParamTable a) {
        ParamTable w = like.unflatten(org.nd4j.linalg.factory.Nd4j.createFromArray(flat));
        ParamTable wDense = p.compose(w);
        double l = 0;
        for (String n : wDense.names()) {
            INDArray d = wDense.get(n);
            l += a.get(n).mul(d).sumNumber().doubleValue() + 0.5 * d.mul(d).sumNumber().doubleValue();
        }
        return l;
    }

    @ParameterizedTest(name = "personalised={0}")
    @ValueSource(booleans = {false, true})
    void composeMatchesTheElementwiseDefinition(boolean personalised) {
        FedPara p = FedPara.plan(shapes(), 0.5, FedPara.Init.VARIANCE_MATCHED, personalised);
        ParamTable dense = TestTables.random(shapes(), 1, DataType.DOUBLE, 1.0);
        ParamTable w = TestTables.random(p.init(dense, 3).shapes(), 5, DataType.DOUBLE, 1.0);
        INDArray conv = p.compose(w).get("0_W");
        assertArrayEquals(new long[] {6, 5, 3, 3}, conv.shape());
        int r = 3;
        for (int o = 0; o < 6; o++) {
            for (int c = 0; c < 5; c++) {
                for (int z = 0; z < 3; z++) {
                    for (int v = 0; v < 3; v++) {
                        double[] wi = new double[3];
                        for (int i = 1; i <= 2; i++) {
                            INDArray t = w.get("0_W.t" + i);
                            INDArray xi = w.get("0_W.x" + i);
                            INDArray yi = w.get("0_W.y" + i);
                            double s = 0;
                            for (int a = 0; a < r; a++) {
                                for (int b = 0; b < r; b++) {
                                    s += t.getDouble(a, b, z, v) * xi.getDouble(a, o) * yi.getDouble(b, c);
                                }
                            }
                            wi[i] = s;
                        }
                        double expected = wi[1] * (personalised ? wi[2] + 1 : wi[2]);
                        assertEquals(expected, conv.getDouble(o, c, z, v), 1e-12 * Math.max(1, Math.abs(expected)));
                    }
                }
            }
        }
        INDArray fc = p.compose(w).get("1_W");
        INDArray w1 = w.get("1_W.x1").mmul(w.get("1_W.y1").transpose());
        INDArray w2 = w.get("1_W.x2").mmul(w.get("1_W.y2").transpose());
        INDArray expected = personalised ? w1.mul(w2.add(1)) : w1.mul(w2);
        assertTrue(expected.equalsWithEps(fc, 1e-12));
        assertEquals(w.get("0_b"), p.compose(w).get("0_b"));
    }
}
