package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Adafactor against a plain-Java reference written from docs/algorithms/optimizers.md §5 (O2), its edge cases (O7), the
 * HF = torch.optim equivalence (O3) and its state size (O5).
 */
class AdafactorTest {
    /** W and b as in the golden files, a rank-3 and a rank-4 tensor (factored over their last two dims), a scalar. */
    static final Map<String, long[]> SHAPES = shapes();

    private static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("W", new long[] {3, 4});
        s.put("b", new long[] {4});
        s.put("T", new long[] {2, 3, 4});
        s.put("K", new long[] {2, 2, 3, 2});
        s.put("v", new long[] {5});
        s.put("s", new long[] {});
        return s;
    }

    /** Normal values from {@code seed} for every tensor of {@link #SHAPES}; {@code b} is zero when {@code zeroB}. */
    static ParamTable table(long seed, DataType dtype, boolean zeroB, double scale) {
        Random r = new Random(seed);
        ParamTable.Builder b = ParamTable.builder();
        SHAPES.forEach((n, shape) -> {
            int len = 1;
            for (long d : shape) {
                len *= (int) d;
            }
            double[] data = new double[len];
            for (int i = 0; i < len; i++) {
                data[i] = zeroB && n.equals("b") ? 0 : r.nextGaussian() * scale;
            }
            b.put(n, Nd4j.create(data, shape, 'c').castTo(dtype));
        });
        return b.build();
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("hf defaults", AdafactorConfig.defaults(), Adafactor.Semantics.HF_FAIRSEQ_T2T),
                Arguments.of("hf fixed lr, momentum, wd", AdafactorConfig.fixedLr(0.05).withBeta1(0.9)
                        .withWeightDecay(0.1), Adafactor.Semantics.HF_FAIRSEQ_T2T),
                Arguments.of("hf fixed lr, scaled, clip 0.5, decay -0.5", AdafactorConfig.fixedLr(0.05).withEps1(1e-20)
                        .withEps2(1e-2).withClipThreshold(0.5).withDecayRate(-0.5).withWeightDecay(0.01)
                        .withScaleParameter(true), Adafactor.Semantics.HF_FAIRSEQ_T2T),
                Arguments.of("hf warmup init, momentum", AdafactorConfig.defaults().withBeta1(0.5)
                        .withWarmupInit(true), Adafactor.Semantics.HF_FAIRSEQ_T2T),
                Arguments.of("torch wd", AdafactorConfig.fixedLr(1e-2).withEps1(1.1920929e-7).withWeightDecay(0.1)
                        .withScaleParameter(true), Adafactor.Semantics.TORCH_OPTIM),
                Arguments.of("torch lr 0.5 (capped by 1/sqrt(t)), d 2", AdafactorConfig.fixedLr(0.5).withEps1(1e-6)
                        .withClipThreshold(2.0).withDecayRate(-0.7)
                        .withScaleParameter(true), Adafactor.Semantics.TORCH_OPTIM));
    }

    /** Three steps against the plain-Java reference: parameters and every state slot, in double precision (O2). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void matchesPlainJavaReferenceOverThreeSteps(String label, AdafactorConfig config, Adafactor.Semantics semantics) {
        Optimizer opt = Optimizers.adafactor(config, semantics);
        ParamTable p0 = table(1, DataType.DOUBLE, true, 1.0);
        Map<String, Reference> refs = new LinkedHashMap<>();
        SHAPES.forEach((n, shape) -> refs.put(n, new Reference(config, semantics, shape, TestTables.values(p0, n))));
        ParamTable p = p0;
        OptimizerState s = opt.init(p);

        for (int t = 1; t <= 3; t++) {
            // step 2 scaled ×5 so that clipping fires, as in the golden files
            ParamTable g = table(10 + t, DataType.DOUBLE, false, t == 2 ? 5 : 1);
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();
            for (String n : SHAPES.keySet()) {
                Reference ref = refs.get(n);
                ref.step(TestTables.values(g, n), t);
                String where = label + ", " + n + " at step " + t;
                assertClose(ref.p, TestTables.values(p, n), where + ": params");
                if (ref.row != null) {
                    assertClose(ref.row, TestTables.values(s.slot(Adafactor.ROW), n), where + ": row");
                    assertClose(ref.col, TestTables.values(s.slot(Adafactor.COL), n), where + ": col");
                    assertFalse(s.slot(Adafactor.V).contains(n), where + ": factored tensors have no full v");
                } else {
                    assertClose(ref.v, TestTables.values(s.slot(Adafactor.V), n), where + ": v");
                }
                if (ref.m != null) {
                    assertClose(ref.m, TestTables.values(s.slot(Adafactor.M), n), where + ": m");
                }
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-13 * Math.max(1, Math.abs(expected[i])), where + "[" + i + "]");
        }
    }

    /** Float tensors give the double results rounded once (computation is in double either way). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void floatTensorsMatchTheDoubleComputation(String label, AdafactorConfig config, Adafactor.Semantics semantics) {
        Optimizer opt = Optimizers.adafactor(config, semantics);
        ParamTable p = table(2, DataType.FLOAT, true, 1.0);
        ParamTable g = table(3, DataType.FLOAT, false, 1.0);
        ParamTable pd = p.map(a -> a.castTo(DataType.DOUBLE));
        ParamTable gd = g.map(a -> a.castTo(DataType.DOUBLE));
        ParamTable single = opt.update(p, g, opt.init(p)).params();
        ParamTable dbl = opt.update(pd, gd, opt.init(pd)).params();
        for (String n : SHAPES.keySet()) {
            double[] want = TestTables.values(dbl, n);
            double[] got = TestTables.values(single, n);
            for (int i = 0; i < want.length; i++) {
                assertEquals((float) want[i], got[i], 0.0, label + " " + n + "[" + i + "]");
            }
        }
    }

    /** A zero-initialised parameter has RMS 0, so lr_t uses eps2: the first step moves it by 1e-2·1e-3 (O7). */
    @Test
    void zeroParameterStepsByEps2TimesTheRelativeStep() {
        Optimizer opt = Optimizers.adafactor(AdafactorConfig.defaults());
        ParamTable p = table(4, DataType.DOUBLE, true, 1.0);
        ParamTable g = table(5, DataType.DOUBLE, false, 1.0);

        ParamTable p1 = opt.update(p, g, opt.init(p)).params();

        double[] gb = TestTables.values(g, "b");
        double[] b1 = TestTables.values(p1, "b");
        for (int i = 0; i < gb.length; i++) {
            // t = 1, unfactored: U = g/√(g² + eps1) = sign(g) up to 1e-30, RMS(U) = 1 ≤ clip threshold
            assertEquals(-1e-5 * Math.signum(gb[i]), b1[i], 1e-18, "b[" + i + "]");
        }
    }

    /** All-zero gradients: zero update and finite state, no 0/0 (eps1 > 0 in both semantics) (O7). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void allZeroGradientGivesZeroUpdateAndNoNaN(String label, AdafactorConfig config, Adafactor.Semantics semantics) {
        AdafactorConfig noDecay = new AdafactorConfig(config.lr(), config.eps1(), config.eps2(), config.clipThreshold(),
                config.decayRate(), config.beta1(), 0.0, config.scaleParameter(), config.relativeStep(),
                config.warmupInit());
        Optimizer opt = Optimizers.adafactor(noDecay, semantics);
        ParamTable p = table(6, DataType.FLOAT, true, 1.0);
        OptimizerState s = opt.init(p);
        ParamTable q = p;
        for (int t = 0; t < 3; t++) {
            Optimizer.Step step = opt.update(q, p.zerosLike(), s);
            q = step.params();
            s = step.state();
        }
        assertEquals(p, q, label);
        for (ParamTable slot : s.slots().values()) {
            assertTrue(slot.firstNonFinite().isEmpty(), label + ": non-finite state");
        }
    }

    /**
     * Rank 3: each leading index is an independent matrix with its own row and column statistics, the same as a
     * 3×4 parameter fed that slice's gradients would get (RMS for clipping and scale is over the whole tensor, so
     * only the statistics are compared) (O7, golden case hf_rank3_factored_last_two_dims).
     */
    @Test
    void rank3TensorsKeepRowAndColumnStatisticsPerLeadingIndex() {
        Optimizer opt = Optimizers.adafactor(AdafactorConfig.defaults());
        Random r = new Random(7);
        INDArray t = Nd4j.randn(r.nextLong(), new long[] {2, 3, 4}).castTo(DataType.DOUBLE);
        ParamTable p = ParamTable.builder().put("T", t).build();
        OptimizerState s = opt.init(p);
        ParamTable[] slices = new ParamTable[2];
        OptimizerState[] sliceStates = new OptimizerState[2];
        for (int l = 0; l < 2; l++) {
            slices[l] = ParamTable.builder().put("T", t.slice(l).dup()).build();
            sliceStates[l] = opt.init(slices[l]);
        }
        assertArrayEquals(new long[] {2, 3}, s.slot(Adafactor.ROW).get("T").shape());
        assertArrayEquals(new long[] {2, 4}, s.slot(Adafactor.COL).get("T").shape());
        for (int step = 0; step < 3; step++) {
            INDArray g = Nd4j.randn(r.nextLong(), new long[] {2, 3, 4}).castTo(DataType.DOUBLE);
            s = opt.update(p, ParamTable.builder().put("T", g).build(), s).state();
            for (int l = 0; l < 2; l++) {
                sliceStates[l] = opt.update(slices[l], ParamTable.builder().put("T", g.slice(l).dup()).build(),
                        sliceStates[l]).state();
                assertArrayEquals(sliceStates[l].slot(Adafactor.ROW).get("T").toDoubleVector(),
                        s.slot(Adafactor.ROW).get("T").slice(l).toDoubleVector(), 1e-15, "row stats of slice " + l);
                assertArrayEquals(sliceStates[l].slot(Adafactor.COL).get("T").toDoubleVector(),
                        s.slot(Adafactor.COL).get("T").slice(l).toDoubleVector(), 1e-15, "col stats of slice " + l);
            }
        }
    }

    /**
     * With weight decay 0 and non-degenerate gradients HF's relative-step defaults and torch.optim with lr 1e-2 are
     * the same rule (§5.2; 3e-17 apart in float64) (O3).
     */
    @Test
    void hfDefaultsEqualTorchOptimWithLr1eMinus2() {
        Optimizer hf = Optimizers.adafactor(AdafactorConfig.defaults());
        Optimizer torch = Optimizers.adafactor(AdafactorConfig.fixedLr(1e-2).withEps1(1e-30)
                .withScaleParameter(true), Adafactor.Semantics.TORCH_OPTIM);
        ParamTable ph = table(8, DataType.DOUBLE, true, 1.0);
        ParamTable pt = ph;
        OptimizerState sh = hf.init(ph);
        OptimizerState st = torch.init(pt);
        for (int t = 1; t <= 5; t++) {
            ParamTable g = table(20 + t, DataType.DOUBLE, false, t == 2 ? 5 : 1);
            Optimizer.Step a = hf.update(ph, g, sh);
            Optimizer.Step b = torch.update(pt, g, st);
            ph = a.params();
            sh = a.state();
            pt = b.params();
            st = b.state();
        }
        assertTrue(ph.equalsApprox(pt, 1e-13), "HF and torch.optim parted");
    }

    /**
     * O5 / §5.3: a dense n×m layer plus bias with beta1 off keeps n + m + m values, against 2(nm + m) for AdamW;
     * beta1 adds one parameter-sized copy.
     */
    @Test
    void stateOfADenseLayerIsRowsPlusColumnsPlusBias() {
        int n = 64;
        int m = 32;
        ParamTable p = ParamTable.builder().put("W", Nd4j.rand(DataType.FLOAT, n, m)).put("b", Nd4j.rand(DataType.FLOAT, m))
                .build();
        Optimizer adafactor = Optimizers.adafactor(AdafactorConfig.defaults());
        Optimizer momentum = Optimizers.adafactor(AdafactorConfig.defaults().withBeta1(0.9));
        Optimizer adamw = Optimizers.adamw(AdamWConfig.defaults());
        OptimizerState s = adafactor.update(p, p, adafactor.init(p)).state();

        assertEquals((n + m + m) * Float.BYTES, adafactor.stateBytes(s));
        assertEquals(2L * (n * m + m) * Float.BYTES, adamw.stateBytes(adamw.init(p)));
        assertEquals((n + m + m + n * m + m) * Float.BYTES, momentum.stateBytes(momentum.init(p)));
    }

    @Test
    void torchOptimSemanticsRejectsWhatTorchDoesNotHave() {
        assertEquals("beta1", assertThrows(ConfigException.class, () -> Optimizers.adafactor(AdafactorConfig.defaults()
                .withBeta1(0.9), Adafactor.Semantics.TORCH_OPTIM)).path());
        assertEquals("scaleParameter", assertThrows(ConfigException.class, () -> Optimizers.adafactor(
                AdafactorConfig.fixedLr(0.1), Adafactor.Semantics.TORCH_OPTIM)).path());
        assertEquals("warmupInit", assertThrows(ConfigException.class, () -> Optimizers.adafactor(
                AdafactorConfig.defaults().withWarmupInit(true), Adafactor.Semantics.TORCH_OPTIM)).path());
        assertEquals("clipThreshold", assertThrows(ConfigException.class, () -> Optimizers.adafactor(
                AdafactorConfig.defaults().withClipThreshold(0.5),
                Adafactor.Semantics.TORCH_OPTIM)).path());
    }

    @ParameterizedTest
    @EnumSource(Adafactor.Semantics.class)
    void stateOfTheWrongShapeIsRejectedNamingTheParameterAndSlot(Adafactor.Semantics semantics) {
        Optimizer opt = Optimizers.adafactor(AdafactorConfig.defaults(), semantics);
        ParamTable p = table(9, DataType.FLOAT, false, 1.0);
        OptimizerState good = opt.init(p);
        // statistics of the transposed matrix: rows and columns swapped
        ParamTable rows = good.slot(Adafactor.ROW).mapNamed((n, a) -> n.equals("W") ? Nd4j.zeros(DataType.FLOAT, 4) : a);
        Map<String, ParamTable> slots = new LinkedHashMap<>(good.slots());
        slots.put(Adafactor.ROW, rows);
        OptimizerState bad = new OptimizerState(0, slots, Map.of());

        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> opt.update(p, p, bad));
        assertEquals("W", e.param());
        assertTrue(e.getMessage().contains("slot 'row'"), e.getMessage());
    }

    /**
     * One tensor's Adafactor, written directly from the equations of docs/algorithms/optimizers.md §5.1 (HF) and §5.2
     * (torch.optim) over plain double arrays: no chunks, no folded constants, sums in index order.
     */
    static final class Reference {
        final AdafactorConfig c;
        final boolean hf;
        final long[] shape;
        final double[] p;
        double[] row;
        double[] col;
        double[] v;
        double[] m;

        Reference(AdafactorConfig c, Adafactor.Semantics semantics, long[] shape, double[] p) {
            this.c = c;
            this.hf = semantics == Adafactor.Semantics.HF_FAIRSEQ_T2T;
            this.shape = shape;
            this.p = p.clone();
            if (shape.length >= 2) {
                int rows = (int) shape[shape.length - 2];
                int cols = (int) shape[shape.length - 1];
                int lead = p.length / (rows * cols);
                row = new double[lead * rows];
                col = new double[lead * cols];
            } else {
                v = new double[p.length];
            }
            m = c.beta1() == null ? null : new double[p.length];
        }

        void step(double[] g, int t) {
            int n = p.length;
            double rmsP = 0;
            for (double x : p) {
                rmsP += x * x;
            }
            rmsP = Math.sqrt(rmsP / n);
            double eps1 = c.eps1();
            double[] u = new double[n];
            if (hf) {
                double rel = c.relativeStep() ? Math.min(c.warmupInit() ? 1e-6 * t : 1e-2, 1 / Math.sqrt(t)) : c.lr();
                double lrT = rel * (c.scaleParameter() ? Math.max(c.eps2(), rmsP) : 1);
                double beta2 = 1 - Math.pow(t, c.decayRate());
                double[] g2 = new double[n];
                for (int i = 0; i < n; i++) {
                    g2[i] = g[i] * g[i] + eps1;
                }
                if (row != null) {
                    int rows = (int) shape[shape.length - 2];
                    int cols = (int) shape[shape.length - 1];
                    for (int l = 0; l < row.length / rows; l++) {
                        for (int r = 0; r < rows; r++) {
                            double mean = 0;
                            for (int k = 0; k < cols; k++) {
                                mean += g2[(l * rows + r) * cols + k] / cols;
                            }
                            row[l * rows + r] = beta2 * row[l * rows + r] + (1 - beta2) * mean;
                        }
                        for (int k = 0; k < cols; k++) {
                            double mean = 0;
                            for (int r = 0; r < rows; r++) {
                                mean += g2[(l * rows + r) * cols + k] / rows;
                            }
                            col[l * cols + k] = beta2 * col[l * cols + k] + (1 - beta2) * mean;
                        }
                        double rowMean = 0;
                        for (int r = 0; r < rows; r++) {
                            rowMean += row[l * rows + r] / rows;
                        }
                        for (int r = 0; r < rows; r++) {
                            for (int k = 0; k < cols; k++) {
                                int i = (l * rows + r) * cols + k;
                                u[i] = g[i] / Math.sqrt(row[l * rows + r] / rowMean) / Math.sqrt(col[l * cols + k]);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] = beta2 * v[i] + (1 - beta2) * g2[i];
                        u[i] = g[i] / Math.sqrt(v[i]);
                    }
                }
                double clip = Math.max(1, rms(u) / c.clipThreshold());
                for (int i = 0; i < n; i++) {
                    u[i] = lrT * u[i] / clip;
                }
                if (m != null) {
                    for (int i = 0; i < n; i++) {
                        m[i] = c.beta1() * m[i] + (1 - c.beta1()) * u[i];
                        u[i] = m[i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    p[i] -= c.weightDecay() * lrT * p[i];
                    p[i] -= u[i];
                }
            } else {
                double lr = c.relativeStep() ? 1e-2 : c.lr();
                double alpha = Math.max(c.eps2(), rmsP) * Math.min(lr, 1 / Math.sqrt(t));
                double w = Math.pow(t, c.decayRate());
                double[] var = new double[n];
                if (row != null) {
                    int rows = (int) shape[shape.length - 2];
                    int cols = (int) shape[shape.length - 1];
                    for (int l = 0; l < row.length / rows; l++) {
                        for (int r = 0; r < rows; r++) {
                            double mean = 0;
                            for (int k = 0; k < cols; k++) {
                                double gi = g[(l * rows + r) * cols + k];
                                mean += gi * gi / cols;
                            }
                            row[l * rows + r] += w * (mean - row[l * rows + r]);
                        }
                        for (int k = 0; k < cols; k++) {
                            double mean = 0;
                            for (int r = 0; r < rows; r++) {
                                double gi = g[(l * rows + r) * cols + k];
                                mean += gi * gi / rows;
                            }
                            col[l * cols + k] += w * (mean - col[l * cols + k]);
                        }
                        double rowMean = 0;
                        for (int r = 0; r < rows; r++) {
                            rowMean += row[l * rows + r] / rows;
                        }
                        for (int r = 0; r < rows; r++) {
                            for (int k = 0; k < cols; k++) {
                                var[(l * rows + r) * cols + k] = row[l * rows + r] * col[l * cols + k]
                                        / Math.max(rowMean, eps1);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] += w * (g[i] * g[i] - v[i]);
                        var[i] = v[i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    u[i] = g[i] / Math.sqrt(Math.max(var[i], eps1 * eps1));
                }
                double denom = Math.max(1, rms(u) / c.clipThreshold());
                for (int i = 0; i < n; i++) {
                    p[i] *= 1 - lr * c.weightDecay();
                    p[i] -= alpha / denom * u[i];
                }
            }
        }

        private static double rms(double[] x) {
            double s = 0;
            for (double a : x) {
                s += a * a;
            }
            return Math.sqrt(s / x.length);
        }
    }
}
