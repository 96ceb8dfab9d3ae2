package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.LionConfig;

/** The memory access under the one-pass optimizers: views, orders, dtypes, chunk boundaries, finiteness checks. */
class ElementwiseTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("adamw", Optimizers.adamw(AdamWConfig.defaults().withLr(0.01).withWeightDecay(0.1))),
                Arguments.of("lion", Optimizers.lion(LionConfig.defaults().withLr(0.01).withWeightDecay(0.1))),
                Arguments.of("adam-atan2", Optimizers.adamAtan2(AdamAtan2Config.defaults().withLr(0.01)
                        .withWeightDecay(0.1))),
                Arguments.of("adafactor", Optimizers.adafactor(AdafactorConfig.fixedLr(0.01).withBeta1(0.9)
                        .withWeightDecay(0.1).withScaleParameter(true))));
    }

    /**
     * Parameters that are views (an offset row, a strided block, an 'f'-ordered matrix, as DL4J's paramTable()
     * hands out) step exactly like C-ordered copies, and the views are left alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void viewsAndOtherOrdersStepLikeContiguousCopies(String label, Optimizer opt) {
        Random r = new Random(1);
        INDArray big = Nd4j.randn(r.nextLong(), new long[] {6, 7}).castTo(DataType.FLOAT);
        INDArray block = big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 6));   // 3×4, strided
        INDArray row = big.getRow(4);                                                           // 7, offset 28
        INDArray fOrder = Nd4j.randn(r.nextLong(), new long[] {4, 5}).castTo(DataType.FLOAT).dup('f');
        ParamTable views = ParamTable.builder().put("W", block).put("b", row).put("F", fOrder).build();
        ParamTable grads = ParamTable.builder()
                .put("W", Nd4j.randn(r.nextLong(), new long[] {4, 3}).castTo(DataType.FLOAT).transpose())
                .put("b", Nd4j.randn(r.nextLong(), new long[] {2, 7}).castTo(DataType.FLOAT).getRow(1))
                .put("F", Nd4j.randn(r.nextLong(), new long[] {4, 5}).castTo(DataType.FLOAT))
                .build();
        ParamTable copies = views.map(a -> a.dup('c'));
        INDArray bigBefore = big.dup();

        OptimizerState s1 = opt.init(views);
        OptimizerState s2 = opt.init(copies);
        for (int t = 0; t < 2; t++) {
            Optimizer.Step a = opt.update(views, grads, s1);
            Optimizer.Step b = opt.update(copies, grads.map(x -> x.dup('c')), s2);
            assertEquals(b.params(), a.params(), label);
            assertEquals(b.state(), a.state(), label);
            s1 = a.state();
            s2 = b.state();
        }
        assertEquals(bigBefore, big, label + " wrote through a view");
    }

    /**
     * Float tensors go through the float kernels, double ones through the double kernels: over three steps they
     * agree to float precision, parameters and state (the double kernels are checked against plain-Java references
     * in each optimizer's test).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void floatKernelsAgreeWithDoubleKernels(String label, Optimizer opt) {
        ParamTable pf = TestTables.normal(5, DataType.FLOAT);
        ParamTable pd = pf.map(a -> a.castTo(DataType.DOUBLE));
        OptimizerState sf = opt.init(pf);
        OptimizerState sd = opt.init(pd);
        for (int t = 1; t <= 3; t++) {
            ParamTable gf = TestTables.normal(50 + t, DataType.FLOAT);
            Optimizer.Step f = opt.update(pf, gf, sf);
            Optimizer.Step d = opt.update(pd, gf.map(a -> a.castTo(DataType.DOUBLE)), sd);
            pf = f.params();
            sf = f.state();
            pd = d.params();
            sd = d.state();
            assertClose(pd, pf, label + " params at step " + t);
            for (String slot : sd.slots().keySet()) {
                assertClose(sd.slot(slot), sf.slot(slot), label + " " + slot + " at step " + t);
            }
        }
    }

    private static void assertClose(ParamTable expected, ParamTable actual, String where) {
        for (String n : expected.names()) {
            double[] e = TestTables.values(expected, n);
            double[] a = TestTables.values(actual, n);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 2e-6 * Math.max(1, Math.abs(e[i])), where + ", " + n + "[" + i + "]");
            }
        }
    }

    /** Empty tensors and scalars (rank 0) step too, in both dtypes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void emptyTensorsAndScalarsStep(String label, Optimizer opt) {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ParamTable p = ParamTable.builder().put("e", Nd4j.create(dtype, 0)).put("e2", Nd4j.create(dtype, 0, 3))
                    .put("s", Nd4j.scalar(dtype, 2.0)).build();
            ParamTable g = ParamTable.builder().put("e", Nd4j.create(dtype, 0)).put("e2", Nd4j.create(dtype, 0, 3))
                    .put("s", Nd4j.scalar(dtype, 0.5)).build();
            Optimizer.Step step = opt.update(p, g, opt.init(p));
            step = opt.update(step.params(), g, step.state());
            assertArrayEquals(new long[] {0}, step.params().get("e").shape(), label);
            assertArrayEquals(new long[] {0, 3}, step.params().get("e2").shape(), label);
            assertArrayEquals(new long[0], step.params().get("s").shape(), label);
            assertTrue(step.params().get("s").getDouble(0) < 2.0, label + " " + dtype + ": the scalar descends");
        }
    }

    /** Tensors longer than a chunk: every chunk is computed, and a NaN in a late chunk is still found. */
    @Test
    void longTensorsCrossChunkBoundaries() {
        int n = 2 * Elementwise.CHUNK + 321;
        double lr = 0.01;
        Random r = new Random(2);
        double[] p0 = new double[n];
        double[] g0 = new double[n];
        for (int i = 0; i < n; i++) {
            p0[i] = r.nextGaussian();
            g0[i] = r.nextGaussian();
        }
        ParamTable p = ParamTable.builder().put("x", Nd4j.createFromArray(p0)).build();
        ParamTable g = ParamTable.builder().put("x", Nd4j.createFromArray(g0)).build();
        Optimizer lion = Optimizers.lion(LionConfig.defaults().withLr(lr));

        double[] p1 = lion.update(p, g, lion.init(p)).params().get("x").toDoubleVector();

        for (int i = 0; i < n; i++) {
            assertEquals(p0[i] - lr * Math.signum(g0[i]), p1[i], 1e-15, "x[" + i + "]");
        }
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> lion.update(p, TestTables.with(g, "x", n - 5, Double.POSITIVE_INFINITY), lion.init(p)));
        assertEquals("x", e.param());
        assertEquals("gradient", e.kind());
    }

    /** The float path over several chunks, with a NaN in the last one. */
    @Test
    void longFloatTensorsCrossChunkBoundaries() {
        int n = 3 * Elementwise.CHUNK + 7;
        float lr = 0.01f;
        Random r = new Random(3);
        float[] p0 = new float[n];
        float[] g0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) r.nextGaussian();
            g0[i] = (float) r.nextGaussian();
        }
        ParamTable p = ParamTable.builder().put("x", Nd4j.createFromArray(p0)).build();
        ParamTable g = ParamTable.builder().put("x", Nd4j.createFromArray(g0)).build();
        Optimizer lion = Optimizers.lion(LionConfig.defaults().withLr((double) lr));

        float[] p1 = lion.update(p, g, lion.init(p)).params().get("x").toFloatVector();

        for (int i = 0; i < n; i++) {
            assertEquals(p0[i] - lr * Math.signum(g0[i]), p1[i], 0f, "x[" + i + "]");
        }
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> lion.update(p, TestTables.with(g, "x", n - 1, Double.NaN), lion.init(p)));
        assertEquals("x", e.param());
    }

    /** A float result that overflows when rounded to float is caught, though it was finite in double. */
    @Test
    void aResultThatOverflowsItsDtypeIsRejected() {
        ParamTable p = ParamTable.builder().put("a", Nd4j.createFromArray(1f, 2f))
                .put("z", Nd4j.createFromArray(-3.4e38f, 1f)).build();
        ParamTable g = ParamTable.builder().put("a", Nd4j.createFromArray(1f, 1f))
                .put("z", Nd4j.createFromArray(1f, 1f)).build();
        Optimizer lion = Optimizers.lion(LionConfig.defaults().withLr(1e38));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> lion.update(p, g, lion.init(p)));
        assertEquals("z", e.param());
        assertEquals("updated parameter", e.kind());
    }

    /** A bad gradient is reported even when an earlier parameter's result is bad: gradients are checked first. */
    @Test
    void aBadGradientWinsOverAnEarlierBadResult() {
        ParamTable p = ParamTable.builder().put("z", Nd4j.createFromArray(-3.4e38f, 1f))
                .put("a", Nd4j.createFromArray(1f, 2f)).build();
        ParamTable g = ParamTable.builder().put("z", Nd4j.createFromArray(1f, 1f))
                .put("a", Nd4j.createFromArray(1f, Float.NaN)).build();
        Optimizer lion = Optimizers.lion(LionConfig.defaults().withLr(1e38));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> lion.update(p, g, lion.init(p)));
        assertEquals("a", e.param());
        assertEquals("gradient", e.kind());
    }

    /** Half precision goes through a double copy and comes back as half, near the float result. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void halfPrecisionTensorsKeepTheirDtype(String label, Optimizer opt) {
        ParamTable p = TestTables.normal(3, DataType.FLOAT);
        ParamTable g = TestTables.normal(4, DataType.FLOAT);
        ParamTable ph = p.map(a -> a.castTo(DataType.HALF));
        ParamTable gh = g.map(a -> a.castTo(DataType.HALF));

        Optimizer.Step half = opt.update(ph, gh, opt.init(ph));
        ParamTable single = opt.update(ph.map(a -> a.castTo(DataType.FLOAT)), gh.map(a -> a.castTo(DataType.FLOAT)),
                opt.init(p)).params();

        for (String n : p.names()) {
            assertEquals(DataType.HALF, half.params().get(n).dataType(), label);
            assertArrayEquals(TestTables.values(single, n), TestTables.values(half.params(), n), 2e-3, label + " " + n);
        }
        half.state().slots().values().forEach(slot -> slot.names().forEach(
                n -> assertEquals(DataType.HALF, slot.get(n).dataType(), label + " state")));
    }

    /** The copying path (non-CPU backends) reads and writes exactly what the direct path does. */
    @Test
    void copyingSourcesAndSinksAgreeWithDirectOnes() {
        INDArray big = Nd4j.randn(5L, new long[] {6, 7});
        for (INDArray a : new INDArray[] {big.castTo(DataType.FLOAT), big, big.getRow(3), big.get(NDArrayIndex.interval(1,
                4), NDArrayIndex.interval(2, 6)), big.dup('f'), big.castTo(DataType.HALF)}) {
            int n = (int) a.length();
            double[] direct = new double[n];
            double[] copied = new double[n];
            Elementwise.Source.of(a).read(0, direct, n);
            Elementwise.Source.copying(a).read(0, copied, n);
            assertArrayEquals(copied, direct);
            assertArrayEquals(ParamTable.valuesC(a), direct);

            Elementwise.Sink s1 = Elementwise.Sink.like(a);
            Elementwise.Sink s2 = Elementwise.Sink.copying(a.dataType(), a.shape());
            s1.write(0, direct, 2);
            s1.write(2, java.util.Arrays.copyOfRange(direct, 2, n), n - 2);
            s2.write(0, direct, n);
            assertEquals(s2.result(), s1.result());
            assertArrayEquals(a.shape(), s1.result().shape());
            assertTrue(s1.finite() && s2.finite());
        }
        Elementwise.Sink nan = Elementwise.Sink.copying(DataType.FLOAT, new long[] {2});
        nan.write(0, new double[] {1, 1e300}, 2);
        assertFalse(nan.finite(), "1e300 is Inf as a float");
    }

    @Test
    void onlyCContiguousLayoutsAreReadInPlace() {
        INDArray m = Nd4j.create(DataType.FLOAT, 3, 4);
        assertTrue(Elementwise.isCContiguous(m));
        assertTrue(Elementwise.isCContiguous(m.getRow(1)));
        assertTrue(Elementwise.isCContiguous(m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
        assertFalse(Elementwise.isCContiguous(m.getColumn(1)));
        assertFalse(Elementwise.isCContiguous(m.transpose()));
        assertFalse(Elementwise.isCContiguous(m.dup('f')));
        assertTrue(Elementwise.isCContiguous(Nd4j.create(DataType.FLOAT, 1, 4).dup('f')), "size-1 dims do not count");
    }

    @Test
    void partialSumsAddUpLikeOneRunningSum() {
        double[] x = new double[1003];
        double expected = 0;
        double expectedSq = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
            expected += x[i];
            expectedSq += x[i] * x[i];
        }
        assertEquals(expected, Elementwise.sum(x, x.length));
        assertEquals(expectedSq, Elementwise.sumOfSquares(x, x.length));
        assertEquals(-3 - 2 - 1, Elementwise.sum(x, 3));
    }
}
