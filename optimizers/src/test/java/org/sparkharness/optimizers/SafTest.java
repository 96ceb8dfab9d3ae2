package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.ConfigException;

/** SAF's pieces: {@link TrajectoryLoss}, {@link SafSchedule} and {@link LogitMemory}. */
class SafTest {

    private static INDArray random(long seed, int rows, int cols, double scale) {
        Random r = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(a);
    }

    /** Σ_i mask_i·λτ²·KL(softmax(past_i/τ) ‖ softmax(z_i/τ)), plain Java. */
    private static double summedLoss(double[][] z, double[][] past, double[] mask, double tau, double lambda) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double[] p = softmax(past[i], tau);
            double[] q = softmax(z[i], tau);
            double kl = 0;
            for (int j = 0; j < p.length; j++) {
                kl += p[j] * Math.log(p[j] / q[j]);
            }
            sum += mask[i] * lambda * tau * tau * kl;
        }
        return sum;
    }

    private static double[][] copy(double[][] a) {
        return java.util.Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    private static double[] softmax(double[] x, double tau) {
        double max = java.util.Arrays.stream(x).max().orElseThrow();
        double[] e = java.util.Arrays.stream(x).map(v -> Math.exp((v - max) / tau)).toArray();
        double s = java.util.Arrays.stream(e).sum();
        return java.util.Arrays.stream(e).map(v -> v / s).toArray();
    }

    @Test
    void perExampleGradientIsTheDerivativeOfTheSummedTerms() {
        INDArray z = random(1, 4, 5, 2);
        INDArray past = random(2, 4, 5, 2);
        double[] mask = {1, 0, 1, 1};
        double tau = 2.0;
        double lambda = 0.3;
        TrajectoryLoss.Result r = TrajectoryLoss.of(z, past, Nd4j.createFromArray(mask), tau, lambda);
        double[][] zd = z.toDoubleMatrix();
        double[][] pd = past.toDoubleMatrix();
        assertEquals(summedLoss(zd, pd, mask, tau, lambda) / 4, r.meanLoss(), 1e-14, "mean over all B = 4 rows");
        double[][] grad = r.perExampleGradient().toDoubleMatrix();
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                double[][] up = copy(zd);
                double[][] down = copy(zd);
                up[i][j] += h;
                down[i][j] -= h;
                double numeric = (summedLoss(up, pd, mask, tau, lambda) - summedLoss(down, pd, mask, tau, lambda)) / (2 * h);
                assertEquals(numeric, grad[i][j], 1e-8, "d/dz[" + i + "][" + j + "]");
            }
        }
        assertArrayEquals(new double[5], grad[1], "a masked row has no gradient");
    }

    @Test
    void identicalLogitsGiveZeroLossAndGradientAndProbabilitiesSumToOne() {
        INDArray z = random(3, 3, 4, 1).castTo(DataType.FLOAT);
        TrajectoryLoss.Result r = TrajectoryLoss.of(z, z, null, 5, 0.8);
        assertEquals(0.0, r.meanLoss(), 1e-15);
        assertEquals(0.0, r.perExampleGradient().norm2Number().doubleValue(), 1e-7);
        assertEquals(DataType.FLOAT, r.perExampleGradient().dataType());
        assertArrayEquals(new double[] {1, 1, 1}, r.pSoft().sum(1).toDoubleVector(), 1e-6);
        assertArrayEquals(new double[] {1, 1, 1}, r.qSoft().sum(1).toDoubleVector(), 1e-6);
    }

    @Test
    void hugeLogitsStayFinite() {
        INDArray z = Nd4j.createFromArray(new double[][] {{1e4, -1e4, 0}, {-3e4, 2e4, 1e4}});
        INDArray past = Nd4j.createFromArray(new double[][] {{-1e4, 1e4, 0}, {5e3, 2e4, -1e4}});
        TrajectoryLoss.Result r = TrajectoryLoss.of(z, past, null, 1, 1);
        assertTrue(Double.isFinite(r.meanLoss()) && r.meanLoss() > 0);
        assertTrue(ParamTable.isFinite(r.perExampleGradient()) && ParamTable.isFinite(r.qSoft()));
    }

    @Test
    void rejectsMismatchedShapesAndBadParameters() {
        INDArray z = Nd4j.ones(2, 3);
        assertThrows(IllegalArgumentException.class, () -> TrajectoryLoss.of(z, Nd4j.ones(2, 4), null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryLoss.of(z, z, Nd4j.ones(3), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryLoss.of(z, z, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryLoss.of(z, z, null, 1, -0.1));
    }

    @Test
    void scheduleWritesReadsAndIsActiveStrictlyInsideTheWindow() {
        SafSchedule s = new SafSchedule(3, 5, 10);
        assertEquals(4, s.slots());
        assertFalse(s.active(5));
        assertTrue(s.active(6));
        assertTrue(s.active(9));
        assertFalse(s.active(10));
        assertEquals(OptionalInt.empty(), s.readSlot(5));
        assertEquals(OptionalInt.of(3), s.readSlot(6));   // (6 − 3) mod 4, written at epoch 3
        assertEquals(s.writeSlot(3), s.readSlot(6).getAsInt());
        assertEquals(OptionalInt.of(2), s.readSlot(9));   // (9 − 3) mod 4
        assertEquals(2, s.writeSlot(6));
        // active before E epochs have passed: the slot index stays in range
        SafSchedule early = new SafSchedule(3, 0, 10);
        assertEquals(OptionalInt.of(2), early.readSlot(1));
    }

    @Test
    void scheduleValidationNamesTheField() {
        assertEquals("minusEpoch", assertThrows(ConfigException.class, () -> new SafSchedule(0, 5, 300)).path());
        assertEquals("startEpoch", assertThrows(ConfigException.class, () -> new SafSchedule(2, -1, 300)).path());
        assertEquals("endEpoch", assertThrows(ConfigException.class, () -> new SafSchedule(2, 5, 5)).path());
    }

    // ---- LogitMemory ---------------------------------------------------------------------------------------

    private static INDArray filled(int rows, int classes, double base) {
        double[][] a = new double[rows][classes];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                a[i][j] = base + 10 * i + j;
            }
        }
        return Nd4j.createFromArray(a);
    }

    @Test
    void readsTheLogitsRecordedExactlyEEpochsAgo() {
        SafSchedule s = new SafSchedule(2, 3, 100);
        LogitMemory m = new LogitMemory(5, s, 3);
        long[] all = {0, 1, 2, 3, 4};
        for (int epoch = 0; epoch <= 3; epoch++) {
            m.record(all, epoch, filled(5, 3, 1000 * epoch));
        }
        // epoch 4: active, reads epoch 2; example 3 is not in epoch 4's batch, which does not matter
        long[] batch = {4, 0, 2};
        LogitMemory.Lookup l = m.read(batch, 4);
        assertArrayEquals(new double[] {1, 1, 1}, l.mask().toDoubleVector());
        assertEquals(DataType.FLOAT, l.past().dataType());
        assertArrayEquals(new double[] {2040, 2041, 2042}, l.past().getRow(0).toDoubleVector());
        assertArrayEquals(new double[] {2000, 2001, 2002}, l.past().getRow(1).toDoubleVector());
        assertArrayEquals(new double[] {2020, 2021, 2022}, l.past().getRow(2).toDoubleVector());
    }

    @Test
    void anExampleNotRecordedEEpochsAgoIsMaskedOut() {
        SafSchedule s = new SafSchedule(2, 3, 100);
        LogitMemory m = new LogitMemory(3, s, 2);
        m.record(new long[] {0, 1, 2}, 1, filled(3, 2, 100));     // slot 1
        m.record(new long[] {0, 1}, 2, filled(2, 2, 200));        // example 2 skipped epoch 2
        m.record(new long[] {0, 1, 2}, 3, filled(3, 2, 300));
        m.record(new long[] {0, 2}, 4, filled(2, 2, 400));        // slot 1 again: example 1 keeps epoch 1's logits
        LogitMemory.Lookup at4 = m.read(new long[] {0, 1, 2}, 4); // reads slot 2, epoch 2
        assertArrayEquals(new double[] {1, 1, 0}, at4.mask().toDoubleVector());
        assertArrayEquals(new double[] {0, 0}, at4.past().getRow(2).toDoubleVector(), "masked rows are zeros");
        LogitMemory.Lookup at6 = m.read(new long[] {0, 1, 2}, 6); // reads slot 1, must be epoch 4
        assertArrayEquals(new double[] {1, 0, 1}, at6.mask().toDoubleVector(), "example 1's slot is from epoch 1");
        assertArrayEquals(new double[] {410, 411}, at6.past().getRow(2).toDoubleVector());
    }

    @Test
    void anInactiveEpochReadsNothing() {
        SafSchedule s = new SafSchedule(1, 3, 6);
        LogitMemory m = new LogitMemory(2, s, 2);
        for (int e = 0; e <= 7; e++) {
            m.record(new long[] {0, 1}, e, filled(2, 2, e));
            double read = m.read(new long[] {0, 1}, e).mask().sumNumber().doubleValue();
            assertEquals(s.active(e) ? 2.0 : 0.0, read, "epoch " + e);
        }
    }

    @Test
    void roundTripsThroughBytesAndJavaSerialization() throws Exception {
        SafSchedule s = new SafSchedule(3, 5, 300);
        LogitMemory m = new LogitMemory(70_000, s, 3);   // more than one write chunk of values
        m.record(new long[] {0, 69_999, 123}, 6, filled(3, 3, -7.25));
        m.record(new long[] {0, 5}, 7, filled(2, 3, 0.5));
        byte[] bytes = m.toBytes();
        assertEquals(7 * 4 + m.bytes(), bytes.length);
        assertEquals(70_000L * 4 * 3 * 4 + 70_000L * 4 * 8, m.bytes());
        LogitMemory back = LogitMemory.fromBytes(bytes);
        LogitMemory java = JavaSerialization.roundTrip(m);
        assertArrayEquals(bytes, back.toBytes());
        assertArrayEquals(bytes, java.toBytes());
        assertEquals(s, back.schedule());
        long[] ids = {123, 0, 69_999, 5};
        for (long epoch : new long[] {9, 10}) {
            assertEquals(m.read(ids, epoch), back.read(ids, epoch));
        }
        assertArrayEquals(new double[] {1, 1, 1, 0}, back.read(ids, 9).mask().toDoubleVector());
    }

    @Test
    void rejectsCorruptBytesBadIdsAndShapes() {
        LogitMemory m = new LogitMemory(4, new SafSchedule(2, 3, 10), 2);
        byte[] bytes = m.toBytes();
        bytes[0] ^= 1;
        IllegalArgumentException magic = assertThrows(IllegalArgumentException.class, () -> LogitMemory.fromBytes(bytes));
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(m.toBytes(), 40);
        assertThrows(IllegalArgumentException.class, () -> LogitMemory.fromBytes(truncated));
        assertThrows(IndexOutOfBoundsException.class, () -> m.record(new long[] {4}, 0, Nd4j.ones(1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> m.read(new long[] {-1}, 5));
        assertThrows(IllegalArgumentException.class, () -> m.record(new long[] {0}, 0, Nd4j.ones(1, 3)));
        assertThrows(IllegalArgumentException.class, () -> new LogitMemory(0, new SafSchedule(2, 3, 10), 2));
    }
}
