package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.SvenConfig;

/**
 * Sven ({@link Sven}): the Gram-matrix route against commons-math3's SVD, the closed-form steps of
 * docs/algorithms/optimizers.md §8, the edge cases (zero Jacobian, κ &lt; 2 with a zero loss) and the contract.
 */
class SvenTest {

    // ---- the direction against a direct SVD --------------------------------------------------------------

    /** δ = V_k·diag(S_inv)·U_kᵀ·R from commons-math3's thin SVD of M, exactly as sambt/sven's torch mode. */
    static double[] referenceDelta(double[][] m, double[] r, int k, double rtol, double tol, double[][] keptOut) {
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m));
        double[] s = svd.getSingularValues();
        RealMatrix u = svd.getU();
        RealMatrix v = svd.getV();
        int kk = Math.min(k, s.length);
        int kMax = 0;
        for (int i = 0; i < kk; i++) {
            if (s[i] > rtol * s[0]) {
                kMax = i + 1;
            }
        }
        keptOut[0] = Arrays.copyOf(s, kMax);
        double[] delta = new double[m[0].length];
        for (int i = 0; i < kMax; i++) {
            if (s[i] <= tol) {
                continue;
            }
            double dot = 0;
            for (int a = 0; a < r.length; a++) {
                dot += u.getEntry(a, i) * r[a];
            }
            for (int j = 0; j < delta.length; j++) {
                delta[j] += v.getEntry(j, i) * dot / s[i];
            }
        }
        return delta;
    }

    /** A B×P Gaussian matrix of the given rank (product of B×rank and rank×P factors), scaled per rank-one term. */
    static double[][] randomMatrix(long seed, int b, int p, int rank) {
        Random rnd = new Random(seed);
        double[][] m = new double[b][p];
        for (int q = 0; q < rank; q++) {
            double scale = Math.pow(0.6, q);  // keeps the spectrum spread, so truncation is well conditioned
            double[] left = rnd.doubles(b).map(x -> rnd.nextGaussian()).toArray();
            double[] right = rnd.doubles(p).map(x -> rnd.nextGaussian()).toArray();
            for (int a = 0; a < b; a++) {
                for (int j = 0; j < p; j++) {
                    m[a][j] += scale * left[a] * right[j];
                }
            }
        }
        return m;
    }

    static Stream<Arguments> matrices() {
        return Stream.of(
                // label, B, P, rank, k, rtol
                Arguments.of("wide full rank, k < B", 6, 40, 6, 3, 1e-3),
                Arguments.of("wide full rank, k = B", 6, 40, 6, 6, 1e-3),
                Arguments.of("tall (P < B)", 12, 5, 5, 4, 1e-3),
                Arguments.of("square", 8, 8, 8, 8, 1e-3),
                Arguments.of("rank 3 < k = 7", 9, 30, 3, 7, 1e-3),
                Arguments.of("tall rank 2 < k = 10", 10, 6, 2, 10, 1e-3),
                Arguments.of("rtol cuts below k", 8, 20, 8, 8, 0.3),
                Arguments.of("rtol keeps only S_0", 8, 20, 8, 5, 0.99),
                Arguments.of("one example", 1, 7, 1, 1, 1e-3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void gramRouteAgreesWithADirectSvd(String label, int b, int p, int rank, int k, double rtol) {
        double[][] m = randomMatrix(b * 1000L + p, b, p, rank);
        double[] r = new Random(p).doubles(b).map(x -> 2 * x - 1).toArray();
        double[][] kept = new double[1][];
        double[] want = referenceDelta(m, r, k, rtol, 1e-10, kept);

        Sven.Direction d = Sven.direction(Nd4j.createFromArray(m), Nd4j.createFromArray(r), k, rtol, 1e-10);

        assertFalse(d.skipped());
        assertEquals(DataType.DOUBLE, d.delta().dataType());
        assertEquals(kept[0].length, d.keptSingularValues().length, label + ": kept " + Arrays.toString(kept[0])
                + " vs " + Arrays.toString(d.keptSingularValues()));
        for (int i = 0; i < kept[0].length; i++) {
            assertEquals(kept[0][i], d.keptSingularValues()[i], 1e-9 * kept[0][0], label + " S_" + i);
        }
        double scale = Arrays.stream(want).map(Math::abs).max().orElseThrow();
        double[] got = d.delta().toDoubleVector();
        for (int j = 0; j < p; j++) {
            assertEquals(want[j], got[j], 1e-8 * scale, label + " delta[" + j + "]");
        }
    }

    @Test
    void aFloatJacobianGivesAFloatDeltaComputedInDouble() {
        double[][] m = randomMatrix(7, 5, 12, 5);
        double[] r = {0.5, -1, 0.25, 2, -0.75};
        double[][] kept = new double[1][];
        double[] want = referenceDelta(toFloat(m), r, 4, 1e-3, 1e-10, kept);
        Sven.Direction d = Sven.direction(Nd4j.createFromArray(m).castTo(DataType.FLOAT), Nd4j.createFromArray(r), 4,
                1e-3, 1e-10);
        assertEquals(DataType.FLOAT, d.delta().dataType());
        double[] got = d.delta().toDoubleVector();
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], got[j], 1e-6 * Math.abs(want[j]) + 1e-7, "delta[" + j + "]");
        }
    }

    @Test
    void exactlyRankDeficientDirectionsAreNotInverted() {
        // rank 2 in a 4 × 4 matrix, every singular value kept by k and rtol = 0: the two zero ones must stay zero
        double[][] m = randomMatrix(11, 4, 4, 2);
        double[] r = {1, -2, 0.5, 3};
        double[][] kept = new double[1][];
        double[] want = referenceDelta(m, r, 4, 1e-3, 1e-10, kept);
        Sven.Direction d = Sven.direction(Nd4j.createFromArray(m), Nd4j.createFromArray(r), 4, 0.0, 1e-10);
        assertEquals(2, d.keptSingularValues().length, Arrays.toString(d.keptSingularValues()));
        assertArrayEquals(want, d.delta().toDoubleVector(), 1e-9);
    }

    @Test
    void largeParameterCountsStayInBlocksOfMemory() {
        // B = 64, P = 300 000 in float (77 MB): more column blocks than one; δ solves M·δ = R when k = B
        int b = 64;
        int p = 300_000;
        INDArray m = Nd4j.rand(DataType.FLOAT, b, p).subi(0.5);
        INDArray r = Nd4j.rand(DataType.DOUBLE, b);
        long t0 = System.nanoTime();
        Sven.Direction d = Sven.direction(m, r, b, 0.0, 1e-10);
        double seconds = (System.nanoTime() - t0) / 1e9;
        INDArray md = m.castTo(DataType.DOUBLE);
        INDArray fitted = md.mmul(d.delta().castTo(DataType.DOUBLE).reshape(p, 1)).reshape(b);
        assertTrue(fitted.sub(r).norm2Number().doubleValue() < 1e-4, "M·δ = R");
        assertEquals(b, d.keptSingularValues().length);
        System.out.printf("Sven direction, B = %d, P = %d: %.1f s%n", b, p, seconds);
    }

    // ---- residuals and edge cases ------------------------------------------------------------------------

    @Test
    void residualsAreThePowerOfTheLossWithTheChainRule() {
        INDArray l = Nd4j.createFromArray(4.0, 0.25, 1.0);
        INDArray j = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {-1, 0.5}});
        Sven.Residuals k1 = Sven.residuals(l, j, 1.0);
        assertArrayEquals(new double[] {2, 0.5, 1}, k1.r().toDoubleVector(), 1e-15);
        // (1/2)·l^(−1/2)·∂l
        assertArrayEquals(new double[] {0.25, 0.5, 3, 4, -0.5, 0.25}, ParamTable.valuesC(k1.jacobian()), 1e-15);
        Sven.Residuals k2 = Sven.residuals(l, j, 2.0);
        assertArrayEquals(new double[] {4, 0.25, 1}, k2.r().toDoubleVector());
        assertTrue(k2.jacobian() == j, "kappa 2 keeps the caller's Jacobian without copying");
        Sven.Residuals k4 = Sven.residuals(l, j, 4.0);
        assertArrayEquals(new double[] {16, 0.0625, 1}, k4.r().toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {8, 16, 1.5, 2, -2, 1}, ParamTable.valuesC(k4.jacobian()), 1e-15);
    }

    @Test
    void kappaBelowTwoWithAZeroLossGivesAZeroRowNotNaN() {
        INDArray l = Nd4j.createFromArray(0.0, 1.0, 4.0).castTo(DataType.FLOAT);
        INDArray j = Nd4j.createFromArray(new double[][] {{0, 0}, {2, 1}, {-4, 4}}).castTo(DataType.FLOAT);
        for (double kappa : new double[] {1.0, 0.5, 1.5}) {
            Sven.Residuals res = Sven.residuals(l, j, kappa);
            assertTrue(ParamTable.isFinite(res.jacobian()) && ParamTable.isFinite(res.r()), "kappa " + kappa);
            assertArrayEquals(new double[] {0, 0}, res.jacobian().getRow(0).toDoubleVector(), "kappa " + kappa);
            assertEquals(0.0, res.r().getDouble(0));
        }
        // and a whole step stays finite
        ParamTable theta = ParamTable.builder().put("t", Nd4j.createFromArray(1f, 2f)).build();
        Sven sven = new Sven(SvenConfig.of(0.5, 2).withKappa(1.0));
        Optimizer.Step step = sven.step(theta, TestObjectives.fixedPerExample(l, j), sven.init(theta));
        assertTrue(step.params().firstNonFinite().isEmpty());
    }

    @Test
    void negativeLossesNeedKappaTwo() {
        INDArray l = Nd4j.createFromArray(1.0, -0.5);
        INDArray j = Nd4j.ones(DataType.DOUBLE, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sven.residuals(l, j, 1.0));
        assertTrue(e.getMessage().contains("example 1"), e.getMessage());
        Sven.residuals(l, j, 2.0);
    }

    @Test
    void anAllZeroJacobianSkipsTheStepAndCountsIt() {
        ParamTable theta = TestTables.normal(1, DataType.FLOAT);
        long p = theta.numParams();
        Objective flat = TestObjectives.fixedPerExample(Nd4j.createFromArray(1f, 2f, 3f), Nd4j.zeros(DataType.FLOAT, 3, p));
        Sven sven = new Sven(SvenConfig.of(0.5, 2));
        OptimizerState s = sven.init(theta);
        assertEquals(0.0, s.scalars().get(Sven.SKIPPED_STEPS));

        Optimizer.Step one = sven.step(theta, flat, s);
        Optimizer.Step two = sven.step(one.params(), flat, one.state());

        assertEquals(theta, two.params());
        for (String n : theta.names()) {
            assertNotSame(theta.get(n), one.params().get(n), "a fresh copy");
        }
        assertEquals(2, two.state().step());
        assertEquals(2.0, two.state().scalars().get(Sven.SKIPPED_STEPS));
        Sven.Direction d = Sven.direction(Nd4j.zeros(DataType.FLOAT, 3, p), Nd4j.createFromArray(1f, 2f, 3f), 2,
                1e-3, 1e-10);
        assertTrue(d.skipped());
        assertEquals(0, d.keptSingularValues().length);
        assertEquals(0.0, d.delta().norm2Number().doubleValue());
        assertEquals(p, d.delta().length());
    }

    // ---- closed-form steps (docs/algorithms/optimizers.md §8) ---------------------------------------------

    private static final double[][] X_TALL = {{1.0, 2.0, -1.0}, {0.5, -1.0, 2.0}, {-1.5, 0.5, 1.0}, {2.0, 1.0, 0.0},
        {0.0, -2.0, 1.5}, {1.0, 1.0, 1.0}};
    private static final double[] Y_TALL = {1.0, -2.0, 0.5, 3.0, -1.0, 2.0};
    private static final double[][] X_WIDE = {{1.0, 2.0, -1.0, 0.5, 0.3}, {0.5, -1.0, 2.0, 1.0, -0.7},
        {-1.5, 0.5, 1.0, 0.0, 2.0}};
    private static final double[] Y_WIDE = {1.0, -2.0, 0.5};

    /** [X | 1]. */
    private static double[][] design(double[][] x) {
        double[][] a = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            a[i] = Arrays.copyOf(x[i], x[i].length + 1);
            a[i][x[i].length] = 1;
        }
        return a;
    }

    @Test
    void kappaOneWithLrOneSolvesAnOverdeterminedLeastSquaresInOneStep() {
        double[][] a = design(X_TALL);
        double[] ls = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(Y_TALL)).toArray();
        ParamTable theta = TestObjectives.LinearLeastSquares.params(new double[] {0.3, -0.2, 0.1}, 0.05, DataType.DOUBLE);
        Sven sven = new Sven(SvenConfig.of(1.0, 4).withKappa(1.0));
        Optimizer.Step step = sven.step(theta, new TestObjectives.LinearLeastSquares(X_TALL, Y_TALL), sven.init(theta));
        assertArrayEquals(ls, step.params().flatten().toDoubleVector(), 1e-10);
    }

    @Test
    void kappaOneWithLrOneSolvesAnUnderdeterminedSystemExactlyWithTheSmallestChange() {
        double[][] a = design(X_WIDE);
        double[] theta0 = {0.3, -0.2, 0.1, 0.4, -0.1, 0.05};
        ParamTable theta = TestObjectives.LinearLeastSquares.params(Arrays.copyOf(theta0, 5), theta0[5], DataType.DOUBLE);
        Sven sven = new Sven(SvenConfig.of(1.0, 3).withKappa(1.0));
        double[] theta1 = sven.step(theta, new TestObjectives.LinearLeastSquares(X_WIDE, Y_WIDE), sven.init(theta))
                .params().flatten().toDoubleVector();
        RealMatrix am = new Array2DRowRealMatrix(a);
        assertArrayEquals(Y_WIDE, am.operate(theta1), 1e-10, "A·θ = y");
        // the change lies in the row space of A: θ1 − θ0 = Aᵀ·z for some z
        double[] change = new double[theta0.length];
        for (int j = 0; j < change.length; j++) {
            change[j] = theta1[j] - theta0[j];
        }
        double[] z = new SingularValueDecomposition(am.transpose()).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(change)).toArray();
        assertArrayEquals(change, am.transpose().operate(z), 1e-10);
    }

    @Test
    void kappaTwoWithLrOneHalvesEveryResidualOfAnOverparameterisedLinearModel() {
        ParamTable theta = TestObjectives.LinearLeastSquares.params(new double[] {0.3, -0.2, 0.1, 0.4, -0.1}, 0.05,
                DataType.DOUBLE);
        TestObjectives.LinearLeastSquares f = new TestObjectives.LinearLeastSquares(X_WIDE, Y_WIDE);
        Sven sven = new Sven(SvenConfig.of(1.0, 3));
        double[] before = f.perExample(theta).losses().toDoubleVector();
        double[] after = f.perExample(sven.step(theta, f, sven.init(theta)).params()).losses().toDoubleVector();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] / 4, after[i], 1e-10, "squared residual " + i + " quarters");
        }
    }

    // ---- contract ----------------------------------------------------------------------------------------

    @Test
    void doesNotMutateItsInputsAndPreservesLayoutAndDtypes() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ParamTable theta = TestObjectives.LinearLeastSquares.params(new double[] {0.3, -0.2, 0.1}, 0.05, dtype);
            TestObjectives.LinearLeastSquares f = new TestObjectives.LinearLeastSquares(X_TALL, Y_TALL);
            Objective.PerExample pe = f.perExample(theta);
            Objective fixed = TestObjectives.fixedPerExample(pe.losses(), pe.jacobian());
            INDArray lossesCopy = pe.losses().dup();
            INDArray jacobianCopy = pe.jacobian().dup();
            ParamTable thetaCopy = theta.dup();
            Sven sven = new Sven(SvenConfig.of(0.5, 2).withKappa(1.0));
            OptimizerState s = sven.init(theta);

            Optimizer.Step step = sven.step(theta, fixed, s);

            assertEquals(thetaCopy, theta);
            assertEquals(lossesCopy, pe.losses());
            assertEquals(jacobianCopy, pe.jacobian());
            assertEquals(theta.names(), step.params().names());
            for (String n : theta.names()) {
                assertArrayEquals(theta.get(n).shape(), step.params().get(n).shape());
                assertEquals(dtype, step.params().get(n).dataType());
            }
            assertEquals(1, step.state().step());
            assertEquals(0, s.step());
            assertEquals(0, sven.stateBytes(step.state()), "Sven keeps no tensors between steps");
            assertEquals(step, sven.step(theta, fixed, s), "deterministic");
        }
    }

    @Test
    void rejectsANonFiniteJacobianNamingTheParameterAndAWrongWidth() {
        ParamTable theta = TestObjectives.LinearLeastSquares.params(new double[] {0.3, -0.2, 0.1}, 0.05, DataType.FLOAT);
        INDArray l = Nd4j.createFromArray(1f, 2f);
        INDArray j = Nd4j.ones(DataType.FLOAT, 2, 4);
        j.putScalar(1, 3, Float.NaN);                          // column 3 is the bias b
        Sven sven = new Sven(SvenConfig.of(0.5, 1));
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> sven.step(theta, TestObjectives.fixedPerExample(l, j), sven.init(theta)));
        assertEquals("b", e.param());
        NonFiniteException loss = assertThrows(NonFiniteException.class, () -> sven.step(theta,
                TestObjectives.fixedPerExample(Nd4j.createFromArray(1f, Float.POSITIVE_INFINITY), Nd4j.ones(2, 4)),
                sven.init(theta)));
        assertEquals("<losses>", loss.param());
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> sven.step(theta,
                TestObjectives.fixedPerExample(l, Nd4j.ones(DataType.FLOAT, 2, 5)), sven.init(theta)));
        assertTrue(shape.getMessage().contains("Jacobian"), shape.getMessage());
    }

    @Test
    void directionRejectsOutOfRangeArguments() {
        INDArray m = Nd4j.ones(2, 3);
        INDArray r = Nd4j.ones(2);
        assertThrows(IllegalArgumentException.class, () -> Sven.direction(m, r, 0, 1e-3, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> Sven.direction(m, r, 1, 1.0, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> Sven.direction(m, r, 1, 1e-3, -1));
        assertThrows(IllegalArgumentException.class, () -> Sven.direction(m, Nd4j.ones(3), 1, 1e-3, 1e-10));
    }

    @Test
    void stateSurvivesTheCodecAndOptimizerJavaSerialization() throws Exception {
        Sven sven = new Sven(new SvenConfig(0.1, 3, 1e-2, 1.0, 1e-9));
        OptimizerState s = new OptimizerState(7, java.util.Map.of(), java.util.Map.of(Sven.SKIPPED_STEPS, 2.0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StateCodec.write(s, out);
        }
        assertEquals(s, StateCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        Sven copy = JavaSerialization.roundTrip(sven);
        assertEquals(sven.config(), copy.config());
        assertEquals("sven", copy.name());
    }

    private static double[][] toFloat(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.stream(m[i]).map(v -> (float) v).toArray();
        }
        return out;
    }
}
