package org.sparkharness.executors.client.fedcac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.client.Aggregation;
import org.sparkharness.optimizers.ParamTable;

/** The G0.4 invariants (docs/algorithms/federated.md §10, §4.2) through {@link FedCac#aggregate}. */
class FedCacAggregateTest {
    private static final int K = 5;
    private static final double[] SAMPLES = {500, 120, 30, 800, 75};

    /** Random tables; every |value| ≥ 0.5 so that sensitivities are far above 1e-10 when updates are too. */
    static ParamTable random(Random r, DataType dt) {
        return ParamTable.builder()
                .put("0_W", tensor(r, dt, 6, 7))
                .put("0_b", tensor(r, dt, 7))
                .put("1_W", tensor(r, dt, 7, 3)).build();
    }

    private static INDArray tensor(Random r, DataType dt, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        }
        return Nd4j.create(v, shape, 'c').castTo(dt);
    }

    /** K clients that started from {@code start} and moved by at least 0.1 in every entry. */
    static List<ParamTable> trained(Random r, ParamTable start) {
        List<ParamTable> out = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            ParamTable delta = random(r, start.get("0_W").dataType());
            out.add(start.zipWith(delta, (s, d) -> s.add(d.mul(0.2))));
        }
        return out;
    }

    static List<CriticalMask> masks(ParamTable start, List<ParamTable> trained, double tau) {
        List<CriticalMask> out = new ArrayList<>();
        for (ParamTable t : trained) {
            out.add(FedCac.mask(FedCac.sensitivity(start, t), tau));
        }
        return out;
    }

    @Test
    void tauZeroEqualsSampleWeightedFedAvgWithoutNaN() {
        Random r = new Random(1);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = trained(r, start);
        List<CriticalMask> masks = masks(start, trained, 0.0);
        FedCac.Result res = FedCac.aggregate(3, 10, trained, SAMPLES, masks);
        ParamTable fedAvg = Aggregation.weightedMean(trained, SAMPLES);
        assertEquals(fedAvg, res.global());
        for (ParamTable p : res.personal()) {
            assertEquals(fedAvg, p);
            assertTrue(p.firstNonFinite().isEmpty(), "no NaN from the tau = 0 guard");
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, res.collaboratorCounts());
        assertEquals(Double.POSITIVE_INFINITY, res.threshold());
    }

    @Test
    void tauOneEqualsUniformFedAvg() {
        Random r = new Random(2);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = trained(r, start);
        List<CriticalMask> masks = masks(start, trained, 1.0);
        for (CriticalMask m : masks) {
            assertEquals(m.totalCount(), m.criticalCount()); // precondition: every c > 1e-10
        }
        ParamTable uniform = Aggregation.mean(trained);
        for (int t : new int[] {0, 5, 50}) {
            FedCac.Result res = FedCac.aggregate(t, 10, trained, SAMPLES, masks);
            for (ParamTable p : res.personal()) {
                assertEquals(uniform, p, "round " + t);
            }
            assertArrayEquals(new int[] {K, K, K, K, K}, res.collaboratorCounts());
            assertEquals(1.0, res.meanOverlap());
        }
        // teeth: the sample-weighted global differs from the uniform mean
        assertNotEquals(uniform, Aggregation.weightedMean(trained, SAMPLES));
    }

    @Test
    void tauOneSendsZeroSensitivityEntriesToTheGlobalModel() {
        Random r = new Random(3);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = new ArrayList<>(trained(r, start));
        // client 0 did not move entry 0 of 0_b: c = 0 there
        INDArray b = trained.get(0).get("0_b").dup();
        b.putScalar(0, start.get("0_b").getDouble(0));
        trained.set(0, ParamTable.builder().put("0_W", trained.get(0).get("0_W")).put("0_b", b)
                .put("1_W", trained.get(0).get("1_W")).build());
        List<CriticalMask> masks = masks(start, trained, 1.0);
        FedCac.Result res = FedCac.aggregate(0, 10, trained, SAMPLES, masks);
        assertEquals(res.global().get("0_b").getFloat(0), res.personal().get(0).get("0_b").getFloat(0));
        assertEquals(6, masks.get(0).criticalCount("0_b"));
        assertTrue(masks.get(0).isCritical("0_b", 1));
        assertNotEquals(res.global().get("0_b").getFloat(1), res.personal().get(0).get("0_b").getFloat(1));
    }

    @Test
    void fromRoundBetaCriticalPartIsTheClientsOwnModel() {
        Random r = new Random(4);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = trained(r, start);
        List<CriticalMask> masks = masks(start, trained, 0.5);
        double[][] o = FedCac.overlap(masks);
        double max = assertNotAllEqual(o);
        int beta = 4;
        for (int t = beta; t < beta + 3; t++) {
            FedCac.Result res = FedCac.aggregate(t, beta, trained, SAMPLES, masks);
            assertArrayEquals(new int[] {1, 1, 1, 1, 1}, res.collaboratorCounts());
            for (int i = 0; i < K; i++) {
                ParamTable p = res.personal().get(i);
                CriticalMask m = masks.get(i);
                assertTrue(m.criticalCount() > 0);
                for (String name : p.names()) {
                    float[] got = p.get(name).dup('c').data().asFloat();
                    float[] own = trained.get(i).get(name).dup('c').data().asFloat();
                    float[] glob = res.global().get(name).dup('c').data().asFloat();
                    for (int e = 0; e < got.length; e++) {
                        assertEquals(m.isCritical(name, e) ? own[e] : glob[e], got[e], name + "[" + e + "]");
                    }
                }
            }
        }
        // At t = β − 1 only pairs at the maximum overlap remain, and at least one does.
        int[][] collab = FedCac.collaborators(o, FedCac.threshold(beta - 1, beta, o));
        int extra = 0;
        for (int i = 0; i < K; i++) {
            for (int j : collab[i]) {
                if (j != i) {
                    assertEquals(max, o[i][j]);
                    extra++;
                }
            }
        }
        assertTrue(extra >= 1);
        assertArrayEquals(FedCac.aggregate(beta - 1, beta, trained, SAMPLES, masks).collaboratorCounts(),
                java.util.Arrays.stream(collab).mapToInt(c -> c.length).toArray());
    }

    /** The off-diagonal maximum, after checking that it exceeds the mean (otherwise every round ties at max). */
    private static double assertNotAllEqual(double[][] o) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            for (int j = 0; j < o.length; j++) {
                if (i != j) {
                    max = Math.max(max, o[i][j]);
                    sum += o[i][j];
                }
            }
        }
        assertTrue(max > sum / (o.length * (o.length - 1.0)), "test needs overlaps that differ");
        return max;
    }

    @Test
    void aggregateEqualsTheComposedSteps() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Random r = new Random(5);
            ParamTable start = random(r, dt);
            List<ParamTable> trained = trained(r, start);
            List<CriticalMask> masks = masks(start, trained, 0.4);
            int round = 1;
            int beta = 20;
            FedCac.Result res = FedCac.aggregate(round, beta, trained, SAMPLES, masks);
            double[][] o = FedCac.overlap(masks);
            double thr = FedCac.threshold(round, beta, o);
            int[][] collab = FedCac.collaborators(o, thr);
            ParamTable global = Aggregation.weightedMean(trained, SAMPLES);
            assertEquals(global, res.global());
            assertEquals(thr, res.threshold());
            boolean someoneCollaborates = false;
            for (int i = 0; i < K; i++) {
                ParamTable expected = FedCac.sync(masks.get(i), FedCac.customised(trained, collab[i]), global);
                assertEquals(expected, res.personal().get(i), dt + " client " + i);
                assertEquals(dt, res.personal().get(i).get("0_W").dataType());
                assertEquals(collab[i].length, res.collaboratorCounts()[i]);
                someoneCollaborates |= collab[i].length > 1;
            }
            assertTrue(someoneCollaborates, "round 1 of 20 should still be collaborative");
        }
    }

    @Test
    void doesNotMutateInputsAndIsDeterministic() {
        Random r = new Random(6);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = trained(r, start);
        List<ParamTable> copies = new ArrayList<>();
        for (ParamTable t : trained) {
            copies.add(t.dup());
        }
        List<CriticalMask> masks = masks(start, trained, 0.5);
        FedCac.Result a = FedCac.aggregate(2, 10, trained, SAMPLES, masks);
        FedCac.Result b = FedCac.aggregate(2, 10, trained, SAMPLES, masks);
        assertEquals(copies, trained);
        assertEquals(a.personal(), b.personal());
    }

    @Test
    void validatesArguments() {
        Random r = new Random(7);
        ParamTable start = random(r, DataType.FLOAT);
        List<ParamTable> trained = trained(r, start);
        List<CriticalMask> masks = masks(start, trained, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FedCac.aggregate(0, 0, trained, SAMPLES, masks));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FedCac.aggregate(0, 5, trained, SAMPLES, masks.subList(0, 4)));
        assertTrue(e.getMessage().contains("masks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FedCac.aggregate(0, 5, trained, new double[] {1, 2}, masks));
        assertTrue(e.getMessage().contains("weights"), e.getMessage());
        List<CriticalMask> wrong = new ArrayList<>(masks);
        wrong.set(2, CriticalMaskTest.mask("1100"));
        e = assertThrows(IllegalArgumentException.class, () -> FedCac.aggregate(0, 5, trained, SAMPLES, wrong));
        assertTrue(e.getMessage().contains("masks[2]"), e.getMessage());
    }

    @Test
    void fortyClientsOf200kParametersAggregateInReasonableTime() {
        Random r = new Random(8);
        int clients = 40;
        int n = 200_000;
        float[] base = new float[n];
        for (int e = 0; e < n; e++) {
            base[e] = (float) r.nextGaussian();
        }
        ParamTable start = ParamTable.builder().put("w", Nd4j.create(base, new long[] {n}, 'c')).build();
        List<ParamTable> trained = new ArrayList<>();
        double[] samples = new double[clients];
        for (int i = 0; i < clients; i++) {
            float[] v = base.clone();
            for (int e = 0; e < n; e++) {
                v[e] += (float) (0.01 * r.nextGaussian());
            }
            trained.add(ParamTable.builder().put("w", Nd4j.create(v, new long[] {n}, 'c')).build());
            samples[i] = 500;
        }
        long t0 = System.nanoTime();
        List<CriticalMask> masks = masks40(start, trained);
        long t1 = System.nanoTime();
        FedCac.Result res = FedCac.aggregate(0, 100, trained, samples, masks);
        long t2 = System.nanoTime();
        int total = java.util.Arrays.stream(res.collaboratorCounts()).sum();
        System.out.printf("FedCAC 40 x 200k: masks %.0f ms, aggregate %.0f ms (mean |C_i| %.1f)%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, total / (double) clients);
        assertEquals(clients, res.personal().size());
    }

    private static List<CriticalMask> masks40(ParamTable start, List<ParamTable> trained) {
        List<CriticalMask> out = new ArrayList<>();
        for (ParamTable t : trained) {
            out.add(FedCac.mask(FedCac.sensitivity(start, t), 0.5));
        }
        return out;
    }
}
