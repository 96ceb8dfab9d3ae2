package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/** §5.3: the composed weight's per-element variance under each {@link FedPara.Init}. */
class InitVarianceTest {
    private static final long[] FC = {784, 200};         // r = 35 at γ = 0.3
    private static final long[] CONV = {64, 32, 3, 3};   // r = 13 at γ = 0.3

    private static INDArray composedAtInit(long[] shape, FedPara.Init init, boolean personalised, long seed) {
        FedPara p = FedPara.plan(Map.of("0_W", shape), 0.3, init, personalised);
        ParamTable dense = ParamTable.builder().put("0_W", Nd4j.zeros(DataType.FLOAT, shape)).build();
        return p.compose(p.init(dense, seed)).get("0_W");
    }

    @Test
    void planRanksUsedBelow() {
        assertEquals(35, FedParaRanks.fcRank(784, 200, 0.3));
        assertEquals(13, FedParaRanks.convRank(64, 32, 3, 0.3));
    }

    @ParameterizedTest(name = "personalised={0}")
    @CsvSource({"false", "true"})
    void varianceMatchedComposesToHe(boolean personalised) {
        double heFc = 2.0 / 784;
        double heConv = 2.0 / (32 * 9);
        double fc = TestTables.meanSquare(composedAtInit(FC, FedPara.Init.VARIANCE_MATCHED, personalised, 11));
        double conv = TestTables.meanSquare(composedAtInit(CONV, FedPara.Init.VARIANCE_MATCHED, personalised, 12));
        assertWithin(2.0, heFc, fc, "FC 784x200");
        assertWithin(2.0, heConv, conv, "conv 64x32x3x3");
    }

    @Test
    void personalisedStartsAtTheGlobalTerm() {
        FedPara p = FedPara.plan(Map.of("0_W", FC), 0.3, FedPara.Init.VARIANCE_MATCHED, true);
        ParamTable w = p.init(ParamTable.builder().put("0_W", Nd4j.zeros(DataType.DOUBLE, FC)).build(), 5);
        assertEquals(0.0, w.get("0_W.y2").norm2Number().doubleValue());
        assertTrue(w.get("0_W.x2").norm2Number().doubleValue() > 0);
        INDArray w1 = w.get("0_W.x1").mmul(w.get("0_W.y1").transpose());
        assertTrue(w1.equalsWithEps(p.compose(w).get("0_W"), 1e-12), "W = W1 ⊙ (0 + 1)");
    }

    /** The documented variances: He-normal on each factor with torch's fan of the factor's own shape. */
    @Test
    void fanModesGiveTheirDocumentedVariances() {
        double r = 35;
        double m = 784;
        double n = 200;
        // FC: X ∈ [m, r], Y ∈ [n, r]; Var(W_i) = r·Var(X)·Var(Y), Var(W) = Var(W_i)².
        assertWithin(1.5, Math.pow(r * (2 / r) * (2 / r), 2),
                TestTables.meanSquare(composedAtInit(FC, FedPara.Init.FAN_IN, false, 1)), "FC fan-in");
        assertWithin(1.5, Math.pow(r * (2 / m) * (2 / n), 2),
                TestTables.meanSquare(composedAtInit(FC, FedPara.Init.FAN_OUT, false, 2)), "FC fan-out");
        // Conv: X ∈ [r, O], Y ∈ [r, I], T ∈ [r, r, K, K]; Var(W_i) = r²·Var(T)·Var(X)·Var(Y).
        double rc = 13;
        double o = 64;
        double i = 32;
        double k2 = 9;
        assertWithin(1.5, Math.pow(8 * rc / (k2 * o * i), 2),
                TestTables.meanSquare(composedAtInit(CONV, FedPara.Init.FAN_IN, false, 3)), "conv fan-in");
        assertWithin(1.5, Math.pow(8 / (rc * k2), 2),
                TestTables.meanSquare(composedAtInit(CONV, FedPara.Init.FAN_OUT, false, 4)), "conv fan-out");
    }

    /** §5.3's figure for the official notebook's init (fan-in) on 256×256×3×3, r = 36: element std ≈ 4.9e-4. */
    @Test
    void notebookInitShrinksTheKernelAsTheSpecMeasured() {
        FactorisedWeight w = new FactorisedWeight("0_W", new long[] {256, 256, 3, 3}, 36, false);
        ParamTable.Builder b = ParamTable.builder();
        w.initialise(FedPara.Init.FAN_IN, DataType.FLOAT, new SplittableRandom(9), b);
        double std = Math.sqrt(TestTables.meanSquare(w.compose(b.build())));
        assertEquals(4.9e-4, std, 0.3e-4);
        assertTrue(std < Math.sqrt(2.0 / (256 * 9)) / 50, "He std is 0.029, 60x larger");
    }

    @Test
    void initIsSeededAndKeepsTheDenseDtype() {
        ParamTable dense = ParamTable.builder().put("0_W", Nd4j.zeros(DataType.FLOAT, CONV))
                .put("0_b", Nd4j.ones(DataType.FLOAT, 1, 64)).build();
        FedPara p = FedPara.plan(dense.shapes(), 0.3, FedPara.Init.VARIANCE_MATCHED, false);
        ParamTable a = p.init(dense, 77);
        assertEquals(a, p.init(dense, 77));
        assertNotEquals(a, p.init(dense, 78));
        a.names().forEach(nm -> assertEquals(DataType.FLOAT, a.get(nm).dataType(), nm));
        assertEquals(dense.get("0_b"), a.get("0_b"));
        assertTrue(a.get("0_b") != dense.get("0_b"), "biases are copied, not shared");
    }

    private static void assertWithin(double factor, double expected, double actual, String what) {
        assertTrue(actual <= expected * factor && actual >= expected / factor,
                what + ": variance " + actual + " vs expected " + expected + " (tolerance " + factor + "x)");
    }
}
