package org.sparkharness.executors.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/** FedProx's local gradient (spec G0.1): ∇h = ∇F + μ(w − w_t), checked against finite differences in float64. */
class ProximalObjectiveTest {

    /** F(w) = Σ sin(w) + ½Σ(A⊙w)², a closed-form loss with a known gradient cos(w) + A²⊙w. */
    private static final class Smooth implements Objective {
        private final INDArray a;

        Smooth(INDArray a) {
            this.a = a;
        }

        @Override
        public Evaluation evaluate(ParamTable p) {
            INDArray w = p.get("w");
            double loss = Nd4j.math().sin(w.dup()).sumNumber().doubleValue() + 0.5 * w.mul(a).norm2Number().doubleValue()
                    * w.mul(a).norm2Number().doubleValue();
            INDArray g = Nd4j.math().cos(w.dup()).addi(a.mul(a).muli(w));
            return new Evaluation(loss, ParamTable.builder().put("w", g).build());
        }

        @Override
        public PerExample perExample(ParamTable p) {
            Evaluation e = evaluate(p);
            return new PerExample(Nd4j.createFromArray(e.loss(), e.loss()),
                    Nd4j.vstack(e.gradient().flatten().reshape(1, -1), e.gradient().flatten().reshape(1, -1)));
        }
    }

    private static ParamTable table(INDArray w) {
        return ParamTable.builder().put("w", w).build();
    }

    @Test
    void gradientMatchesFiniteDifferenceOfTheProximalObjective() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 3);
        INDArray anchor = Nd4j.randn(DataType.DOUBLE, 2, 3);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 2, 3);
        double mu = 0.7;
        ProximalObjective h = new ProximalObjective(new Smooth(a), table(anchor), mu);
        INDArray g = h.evaluate(table(w)).gradient().get("w");
        double eps = 1e-6;
        for (int i = 0; i < w.length(); i++) {
            INDArray plus = w.dup(), minus = w.dup();
            plus.putScalar(i, plus.getDouble(i) + eps);
            minus.putScalar(i, minus.getDouble(i) - eps);
            double fd = (h.evaluate(table(plus)).loss() - h.evaluate(table(minus)).loss()) / (2 * eps);
            assertEquals(fd, g.getDouble(i), 1e-4 * Math.max(1, Math.abs(fd)), "coordinate " + i);
        }
        // and the term is squared: the loss grows by μ/2‖w − w_t‖² exactly
        double plain = new Smooth(a).evaluate(table(w)).loss();
        double d = w.sub(anchor).norm2Number().doubleValue();
        assertEquals(plain + 0.5 * mu * d * d, h.evaluate(table(w)).loss(), 1e-12);
    }

    @Test
    void anchorIsACopySoLaterChangesToTheCallersArraysCannotReachIt() {
        INDArray anchor = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        ProximalObjective h = new ProximalObjective(new Smooth(Nd4j.ones(DataType.DOUBLE, 2, 3)), table(anchor), 1.0);
        INDArray w = Nd4j.ones(DataType.DOUBLE, 2, 3);
        double before = h.evaluate(table(w)).loss();
        anchor.addi(1); // the flower #1654 bug: an aliased anchor would now equal w and the term would vanish
        assertEquals(before, h.evaluate(table(w)).loss(), 0);
        assertTrue(h.evaluate(table(w)).loss() > new Smooth(Nd4j.ones(DataType.DOUBLE, 2, 3)).evaluate(table(w)).loss());
    }

    @Test
    void zeroMuLeavesTheObjectiveUntouchedAndPerExampleRowsCarryTheTerm() {
        Smooth f = new Smooth(Nd4j.ones(DataType.DOUBLE, 2, 3));
        INDArray w = Nd4j.randn(DataType.DOUBLE, 2, 3);
        Objective.Evaluation plain = f.evaluate(table(w));
        Objective.Evaluation zero = new ProximalObjective(f, table(Nd4j.zeros(DataType.DOUBLE, 2, 3)), 0).evaluate(table(w));
        assertEquals(plain.loss(), zero.loss(), 0);
        assertEquals(plain.gradient().get("w"), zero.gradient().get("w"));

        INDArray anchor = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        ProximalObjective h = new ProximalObjective(f, table(anchor), 2.0);
        Objective.PerExample pe = h.perExample(table(w));
        INDArray expectedRow = h.evaluate(table(w)).gradient().flatten();
        assertEquals(expectedRow, pe.jacobian().getRow(0));
        assertEquals(h.evaluate(table(w)).loss(), pe.losses().getDouble(1), 1e-12);
        assertSame(h.getClass(), h.around(f).getClass());
    }
}
