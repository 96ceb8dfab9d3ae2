package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.config.SgdConfig;

/** SAM/ASAM ({@link Sam}): equivalences, the perturbation against a plain-Java reference, and the contract. */
class SamTest {
    private static final Optimizer SGD_MOMENTUM_WD = Optimizers.sgd(new SgdConfig(0.05, 0.9, 0.0, 1e-3, false));

    /** ½‖p − c‖², gradient p − c. */
    static Objective parabola(ParamTable c) {
        return p -> new Objective.Evaluation(0.5 * p.zipWith(c, INDArray::sub).squaredNorm(),
                p.zipWith(c, INDArray::sub));
    }

    /** A quadratic with a different curvature per element, so that SAM's second gradient differs in direction. */
    static Objective bumpy(ParamTable c) {
        return p -> {
            ParamTable d = p.zipWith(c, INDArray::sub);
            ParamTable g = d.map(x -> x.mul(x).muli(3).addi(1).muli(x));          // ∇ of ½d² + ¾d⁴
            return new Objective.Evaluation(0, g);
        };
    }

    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void rhoZeroIsExactlyTheBaseOptimizer(boolean adaptive) {
        ParamTable c = TestTables.normal(1, DataType.FLOAT);
        Objective f = bumpy(c);
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.0, adaptive);
        ParamTable p = TestTables.normal(2, DataType.FLOAT);
        ParamTable q = p;
        OptimizerState s = sam.init(p);
        OptimizerState t = SGD_MOMENTUM_WD.init(q);
        for (int i = 0; i < 3; i++) {
            Optimizer.Step a = sam.step(p, f, s);
            Optimizer.Step b = SGD_MOMENTUM_WD.step(q, f, t);
            assertEquals(b.params(), a.params());
            assertEquals(b.state(), a.state());
            p = a.params();
            s = a.state();
            q = b.params();
            t = b.state();
        }
    }

    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void rhoTendingToZeroTendsToTheBaseOptimizer(boolean adaptive) {
        ParamTable c = TestTables.normal(3, DataType.DOUBLE);
        ParamTable p = TestTables.normal(4, DataType.DOUBLE);
        Objective f = bumpy(c);
        ParamTable base = SGD_MOMENTUM_WD.step(p, f, SGD_MOMENTUM_WD.init(p)).params();
        double previous = Double.POSITIVE_INFINITY;
        for (double rho : new double[] {1e-2, 1e-4, 1e-6}) {
            Sam sam = new Sam(SGD_MOMENTUM_WD, rho, adaptive);
            double dist = Math.sqrt(sam.step(p, f, sam.init(p)).params().zipWith(base, INDArray::sub).squaredNorm());
            assertTrue(dist < previous / 50, "rho " + rho + ": distance " + dist + " after " + previous);
            previous = dist;
        }
        assertTrue(previous < 1e-5, "distance at rho 1e-6: " + previous);   // O(lr·‖H‖·rho)
    }

    @Test
    void samPerturbationIsRhoTimesTheGloballyNormalisedGradient() {
        ParamTable w = TestTables.normal(5, DataType.DOUBLE);
        ParamTable g = TestTables.normal(6, DataType.DOUBLE);
        Sam.Perturbation pert = Sam.perturbation(w, g, 0.05, false, 1e-12);
        double norm = Math.sqrt(sumSquares(g));
        assertEquals(norm, pert.denominator(), 1e-12);
        for (String n : w.names()) {
            double[] gv = TestTables.values(g, n);
            double[] ev = TestTables.values(pert.e(), n);
            for (int i = 0; i < gv.length; i++) {
                assertEquals(0.05 * gv[i] / (norm + 1e-12), ev[i], 1e-15, n + "[" + i + "]");
            }
        }
        assertEquals(0.05, Math.sqrt(pert.e().squaredNorm()), 1e-12, "‖e‖ = rho: one norm over all parameters");
    }

    @Test
    void asamPerturbationScalesByTheSquaredWeights() {
        ParamTable w = TestTables.normal(7, DataType.DOUBLE);
        ParamTable g = TestTables.normal(8, DataType.DOUBLE);
        Sam.Perturbation pert = Sam.perturbation(w, g, 0.5, true, 1e-12);
        double den = 0;
        for (String n : w.names()) {
            double[] wv = TestTables.values(w, n);
            double[] gv = TestTables.values(g, n);
            for (int i = 0; i < wv.length; i++) {
                den += wv[i] * gv[i] * wv[i] * gv[i];
            }
        }
        den = Math.sqrt(den);
        assertEquals(den, pert.denominator(), 1e-12);
        for (String n : w.names()) {
            double[] wv = TestTables.values(w, n);
            double[] gv = TestTables.values(g, n);
            double[] ev = TestTables.values(pert.e(), n);
            for (int i = 0; i < wv.length; i++) {
                assertEquals(0.5 * wv[i] * wv[i] * gv[i] / (den + 1e-12), ev[i], 1e-14, n + "[" + i + "]");
            }
        }
    }

    /** The fused worker path: w + e from a gradient SUM over m examples equals w + perturbation(w, sum/m).e. */
    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void ascentPointIsWPlusThePerturbationOfTheMeanGradient(boolean adaptive) {
        for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParamTable w = TestTables.normal(21, dtype);
            ParamTable gradSum = TestTables.normal(22, dtype).map(x -> x.mul(64));
            ParamTable expected = w.zipWith(Sam.perturbation(w, gradSum.map(x -> x.div(64)), 0.3, adaptive,
                    Sam.NORM_EPS).e(), INDArray::add);
            ParamTable actual = Sam.ascentPoint(w, gradSum, 64, 0.3, adaptive, Sam.NORM_EPS);
            assertTrue(expected.equalsApprox(actual, dtype == DataType.DOUBLE ? 1e-12 : 1e-5),
                    dtype + ": fused ascent point differs from w + e");
            assertEquals(w.zerosLike(), Sam.ascentPoint(w, w.zerosLike(), 64, 0.3, adaptive, Sam.NORM_EPS)
                    .zipWith(w, INDArray::sub), dtype + ": zero gradient moves nothing");
        }
    }

    @Test
    void aZeroGradientGivesAZeroPerturbation() {
        ParamTable w = TestTables.normal(9, DataType.FLOAT);
        Sam.Perturbation pert = Sam.perturbation(w, w.zerosLike(), 0.05, false, Sam.NORM_EPS);
        assertEquals(0.0, pert.denominator());
        assertEquals(w.zerosLike(), pert.e());
    }

    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void oneStepIsTwoEvaluationsThenTheBaseUpdateAtW(boolean adaptive) {
        ParamTable c = TestTables.normal(10, DataType.FLOAT);
        ParamTable w = TestTables.normal(11, DataType.FLOAT);
        TestObjectives.Recording rec = new TestObjectives.Recording(bumpy(c));
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.1, adaptive);
        OptimizerState s0 = sam.init(w);
        Optimizer.Step step = sam.step(w, rec, s0);

        assertEquals(2, rec.points.size());
        assertEquals(w, rec.points.get(0));
        ParamTable e = Sam.perturbation(w, rec.evaluations.get(0).gradient(), 0.1, adaptive, Sam.NORM_EPS).e();
        assertEquals(w.zipWith(e, INDArray::add), rec.points.get(1));
        Optimizer.Step expected = SGD_MOMENTUM_WD.update(w, rec.evaluations.get(1).gradient(), s0);
        assertEquals(expected.params(), step.params());
        assertEquals(expected.state(), step.state());
    }

    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void convergesOnAParabola(boolean adaptive) {
        ParamTable c = TestTables.normal(12, DataType.FLOAT);
        ParamTable p = TestTables.normal(13, DataType.FLOAT);
        Sam sam = new Sam(Optimizers.sgd(SgdConfig.of(0.1)), adaptive ? 0.5 : 0.05, adaptive);
        OptimizerState s = sam.init(p);
        for (int i = 0; i < 300; i++) {
            Optimizer.Step step = sam.step(p, parabola(c), s);
            p = step.params();
            s = step.state();
        }
        double dist = Math.sqrt(p.zipWith(c, INDArray::sub).squaredNorm());
        assertTrue(dist < 3e-2, "distance to the minimum " + dist);
    }

    @ParameterizedTest(name = "adaptive={0}")
    @ValueSource(booleans = {false, true})
    void doesNotMutateOrAliasItsInputs(boolean adaptive) {
        ParamTable c = TestTables.normal(14, DataType.FLOAT);
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.05, adaptive);
        ParamTable p = TestTables.normal(15, DataType.FLOAT);
        Optimizer.Step warm = sam.step(p, bumpy(c), sam.init(p));
        ParamTable params = warm.params();
        OptimizerState state = warm.state();
        ParamTable paramsCopy = params.dup();
        Map<String, ParamTable> slotsCopy = new LinkedHashMap<>();
        state.slots().forEach((k, v) -> slotsCopy.put(k, v.dup()));

        Optimizer.Step next = sam.step(params, bumpy(c), state);

        assertEquals(paramsCopy, params);
        assertEquals(new OptimizerState(state.step(), slotsCopy, state.scalars()), state);
        for (String n : params.names()) {
            assertNotSame(params.get(n), next.params().get(n));
        }
        assertEquals(2, next.state().step());
        assertEquals(next, sam.step(params, bumpy(c), state), "deterministic");
    }

    @Test
    void rejectsANonFiniteFirstOrSecondGradientNamingTheParameter() {
        ParamTable p = TestTables.normal(16, DataType.FLOAT);
        ParamTable g = TestTables.normal(17, DataType.FLOAT);
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.05, false);
        NonFiniteException first = assertThrows(NonFiniteException.class, () -> sam.step(p,
                w -> new Objective.Evaluation(0, TestTables.with(g, "b", 1, Double.NaN)), sam.init(p)));
        assertEquals("b", first.param());
        assertEquals(1, first.step());
        assertEquals("gradient", first.kind());

        AtomicInteger calls = new AtomicInteger();
        Objective secondBad = w -> new Objective.Evaluation(0,
                calls.incrementAndGet() == 1 ? g : TestTables.with(g, "v", 3, Double.POSITIVE_INFINITY));
        NonFiniteException second = assertThrows(NonFiniteException.class, () -> sam.step(p, secondBad, sam.init(p)));
        assertEquals("v", second.param());
        assertEquals(2, calls.get());
    }

    @Test
    void rejectsAGradientShapedUnlikeTheParameters() {
        ParamTable p = TestTables.normal(18, DataType.FLOAT);
        ParamTable g = TestTables.normal(19, DataType.FLOAT);
        ParamTable missing = ParamTable.builder().put("W", g.get("W")).put("b", g.get("b")).build();
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.05, true);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> sam.step(p, w -> new Objective.Evaluation(0, missing), sam.init(p)));
        assertEquals("v", e.param());
    }

    @Test
    void rejectsANegativeOrNonFiniteRho() {
        assertThrows(IllegalArgumentException.class, () -> new Sam(SGD_MOMENTUM_WD, -0.1, false));
        assertThrows(IllegalArgumentException.class, () -> new Sam(SGD_MOMENTUM_WD, Double.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> new Sam(SGD_MOMENTUM_WD, 0.05, false, -1));
    }

    @Test
    void survivesJavaSerializationAndStepsIdentically() throws Exception {
        Sam sam = new Sam(SGD_MOMENTUM_WD, 0.2, true);
        Sam copy = JavaSerialization.roundTrip(sam);
        assertEquals(0.2, copy.rho());
        assertTrue(copy.adaptive());
        assertEquals("sam", copy.name());
        ParamTable c = TestTables.normal(20, DataType.FLOAT);
        ParamTable p = TestTables.normal(21, DataType.FLOAT);
        assertEquals(sam.step(p, bumpy(c), sam.init(p)), copy.step(p, bumpy(c), copy.init(p)));
        assertSame(SGD_MOMENTUM_WD, sam.base());
    }

    private static double sumSquares(ParamTable t) {
        double s = 0;
        for (String n : t.names()) {
            for (double v : TestTables.values(t, n)) {
                s += v * v;
            }
        }
        return s;
    }
}
