package org.sparkharness.executors.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

class AggregationTest {

    static ParamTable table(float[] w, float[] b) {
        return ParamTable.builder()
                .put("0_W", Nd4j.create(w, new long[] {2, 2}, 'c'))
                .put("0_b", Nd4j.create(b, new long[] {b.length}, 'c'))
                .build();
    }

    static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    @Test
    void weightedMeanEqualsHandComputedValue() {
        ParamTable a = table(new float[] {1, 2, 3, 4}, new float[] {10, -10});
        ParamTable b = table(new float[] {5, 6, 7, 8}, new float[] {0, 0});
        // weights 1 and 3: (1·a + 3·b) / 4
        ParamTable m = Aggregation.weightedMean(List.of(a, b), new double[] {1, 3});
        assertArrayEquals(new float[] {4, 5, 6, 7}, floats(m.get("0_W")));
        assertArrayEquals(new float[] {2.5f, -2.5f}, floats(m.get("0_b")));
        assertEquals(List.of("0_W", "0_b"), m.names());
        assertArrayEquals(new long[] {2, 2}, m.get("0_W").shape());
        assertEquals(DataType.FLOAT, m.get("0_W").dataType());
    }

    @Test
    void meanIsUnweighted() {
        ParamTable a = table(new float[] {1, 2, 3, 4}, new float[] {1, 1});
        ParamTable b = table(new float[] {2, 2, 2, 2}, new float[] {0, 4});
        ParamTable c = table(new float[] {0, 5, 1, 0}, new float[] {2, 1});
        ParamTable m = Aggregation.mean(List.of(a, b, c));
        assertArrayEquals(new float[] {1, 3, 2, 2}, floats(m.get("0_W")));
        assertArrayEquals(new float[] {1, 2}, floats(m.get("0_b")));
    }

    @Test
    void doubleTablesStayDouble() {
        ParamTable a = ParamTable.builder().put("x", Nd4j.create(new double[] {0.1, 0.2}, new long[] {2}, 'c')).build();
        ParamTable b = ParamTable.builder().put("x", Nd4j.create(new double[] {0.3, 0.4}, new long[] {2}, 'c')).build();
        ParamTable m = Aggregation.weightedMean(List.of(a, b), new double[] {2, 1});
        assertEquals(DataType.DOUBLE, m.get("x").dataType());
        assertArrayEquals(new double[] {(2 * 0.1 + 0.3) / 3, (2 * 0.2 + 0.4) / 3}, m.get("x").toDoubleVector());
    }

    @Test
    void sameListGivesBitIdenticalOutput() {
        List<ParamTable> ts = randomTables(7, 1000, 3);
        double[] w = {3, 1, 4, 1, 5, 9, 2};
        ParamTable x = Aggregation.weightedMean(ts, w);
        ParamTable y = Aggregation.weightedMean(new ArrayList<>(ts), w.clone());
        assertEquals(x, y);
    }

    @Test
    void zeroWeightReturnsTheOtherTableExactlyEvenIfItIsNaN() {
        ParamTable a = table(new float[] {0.1f, 1e-7f, -3.3f, 7e20f}, new float[] {1.2345678f, -0f});
        ParamTable nan = table(new float[] {Float.NaN, 1, 1, 1}, new float[] {Float.POSITIVE_INFINITY, 1});
        ParamTable m = Aggregation.weightedMean(List.of(a, nan), new double[] {1, 0});
        assertEquals(a, m); // bit-identical, including the sign of -0
        assertEquals(a, Aggregation.weightedMean(List.of(nan, a), new double[] {0, 2}));
    }

    @Test
    void accumulatesInFloat64() {
        // Ten 1e-8-scale perturbations of 1 (float keeps some as 1 + k·2^-23): the answer is the float64 mean of the
        // float inputs, cast once to float. A float32 running sum (ulp 2^-20 near 10) loses those bits.
        int k = 10;
        float[] raw = new float[k];
        List<ParamTable> ts = new ArrayList<>();
        double sum = 0;
        float naive = 0;
        for (int i = 0; i < k; i++) {
            raw[i] = (float) (1 + 1.3e-8 * (7 * i % 10) + 1e-8);
            sum += raw[i];
            naive += raw[i];
            ts.add(ParamTable.builder()
                    .put("x", Nd4j.create(new float[] {raw[i], Math.nextUp(1f)}, new long[] {2}, 'c')).build());
        }
        float[] got = floats(Aggregation.mean(ts).get("x"));
        assertEquals((float) (sum / k), got[0]);
        // Ten copies of 1 + 2^-23 average to exactly themselves in float64; float32 summation drifts.
        assertEquals(Math.nextUp(1f), got[1]);
        float naiveCopies = 0;
        for (int i = 0; i < k; i++) {
            naiveCopies += Math.nextUp(1f);
        }
        assertTrue(naive / k != (float) (sum / k) || naiveCopies / k != Math.nextUp(1f),
                "float32 accumulation would pass too: the test has no teeth");
    }

    @Test
    void readsViewsAndFOrderedArrays() {
        INDArray big = Nd4j.create(new float[] {9, 9, 1, 2, 3, 4, 9, 9}, new long[] {8}, 'c');
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6)).reshape(2, 2);
        INDArray f = Nd4j.create(new float[] {1, 3, 2, 4}, new long[] {2, 2}, 'f'); // f-order of [[1,2],[3,4]]
        ParamTable a = ParamTable.builder().put("w", view).build();
        ParamTable b = ParamTable.builder().put("w", f).build();
        ParamTable m = Aggregation.mean(List.of(a, b));
        assertArrayEquals(new float[] {1, 2, 3, 4}, floats(m.get("w")));
    }

    @Test
    void doesNotMutateInputs() {
        List<ParamTable> ts = randomTables(3, 50, 1);
        List<ParamTable> copies = new ArrayList<>();
        for (ParamTable t : ts) {
            copies.add(t.dup());
        }
        Aggregation.weightedMean(ts, new double[] {1, 2, 3});
        assertEquals(copies, ts);
    }

    @Test
    void rejectsBadInput() {
        ParamTable a = table(new float[] {1, 2, 3, 4}, new float[] {1, 1});
        ParamTable other = ParamTable.builder().put("0_W", Nd4j.zeros(DataType.FLOAT, 2, 2))
                .put("0_b", Nd4j.zeros(DataType.FLOAT, 3)).build();
        ParamTable renamed = ParamTable.builder().put("0_W", Nd4j.zeros(DataType.FLOAT, 2, 2))
                .put("1_b", Nd4j.zeros(DataType.FLOAT, 2)).build();
        ParamTable dbl = a.map(x -> x.castTo(DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.mean(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.weightedMean(List.of(a, a), new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.weightedMean(List.of(a, a), new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.weightedMean(List.of(a, a), new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> Aggregation.weightedMean(List.of(a, a), new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.mean(List.of(a, other)));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.mean(List.of(a, renamed)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.mean(List.of(a, dbl)));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Aggregation.weightedMean(List.of(a, a), new double[] {1, -1}));
        assertTrue(e.getMessage().contains("weights[1]"), e.getMessage());
    }

    @Test
    void fortyTablesOf200kFloatsAreFast() {
        List<ParamTable> ts = randomTables(40, 200_000, 4);
        double[] w = new double[40];
        for (int i = 0; i < w.length; i++) {
            w[i] = 100 + i;
        }
        ParamTable m = null;
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            m = Aggregation.weightedMean(ts, w);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("weightedMean 40 x 200k floats: best of 5 = %.1f ms%n", best / 1e6);
        assertEquals(200_000L, m.numParams());
        // Spot-check one element against a scalar float64 sum.
        double s = 0;
        for (int k = 0; k < 40; k++) {
            s += w[k] * ts.get(k).get("t1").getDouble(123);
        }
        double sw = 0;
        for (double x : w) {
            sw += x;
        }
        assertEquals((float) (s / sw), m.get("t1").getFloat(123));
        assertTrue(best < 2_000_000_000L, "weightedMean took " + best / 1e6 + " ms");
    }

    /** {@code count} tables of {@code params} floats split over {@code tensors} tensors. */
    static List<ParamTable> randomTables(int count, int params, int tensors) {
        Random r = new Random(42);
        List<ParamTable> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ParamTable.Builder b = ParamTable.builder();
            for (int t = 0; t < tensors; t++) {
                int n = params / tensors + (t == 0 ? params % tensors : 0);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) r.nextGaussian();
                }
                b.put("t" + t, Nd4j.create(v, new long[] {n}, 'c'));
            }
            out.add(b.build());
        }
        return Collections.unmodifiableList(out);
    }
}
