package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.SafConfig;
import org.sparkharness.optimizers.config.SgdConfig;

/** MESA's EMA teacher ({@link Mesa}) and SAF's pass-through optimizer ({@link Saf}). */
class MesaTest {
    private static final Optimizer SGD = Optimizers.sgd(new SgdConfig(0.1, 0.9, 0.0, 1e-4, false));

    @Test
    void theTeacherStartsAsACopyOfTheParametersBesideTheBaseState() {
        ParamTable p = TestTables.normal(1, DataType.FLOAT);
        OptimizerState s = new Mesa(SGD, 0.99).init(p);
        assertEquals(List.of(Sgd.MOMENTUM, Mesa.TEACHER), List.copyOf(s.slots().keySet()));
        assertEquals(p, Mesa.teacher(s));
        for (String n : p.names()) {
            assertNotSame(p.get(n), Mesa.teacher(s).get(n));
        }
    }

    @Test
    void eachUpdateIsTheBaseUpdateThenOneEmaStep() {
        double d = 0.9;
        Mesa mesa = new Mesa(SGD, d);
        ParamTable p = TestTables.normal(2, DataType.DOUBLE);
        ParamTable g = TestTables.normal(3, DataType.DOUBLE);
        OptimizerState s = mesa.init(p);
        OptimizerState base = SGD.init(p);
        ParamTable q = p;
        ParamTable ema = p;
        for (int t = 1; t <= 3; t++) {
            Optimizer.Step a = mesa.update(p, g, s);
            Optimizer.Step b = SGD.update(q, g, base);
            assertEquals(b.params(), a.params());
            assertEquals(b.state().slot(Sgd.MOMENTUM), a.state().slot(Sgd.MOMENTUM));
            assertEquals(t, a.state().step());
            ParamTable newParams = b.params();
            ema = ema.zipWith(newParams, (e, x) -> e.mul(d).addi(x.mul(1 - d)));
            assertTrue(ema.equalsApprox(Mesa.teacher(a.state()), 1e-14), "step " + t);
            p = a.params();
            s = a.state();
            q = b.params();
            base = b.state();
        }
    }

    @Test
    void emaIsPureAndWeighsTheNewParametersByOneMinusDecay() {
        ParamTable e = TestTables.normal(4, DataType.FLOAT);
        ParamTable p = TestTables.normal(5, DataType.FLOAT);
        ParamTable eCopy = e.dup();
        ParamTable pCopy = p.dup();
        ParamTable out = Mesa.ema(e, p, 0.75);
        assertEquals(eCopy, e);
        assertEquals(pCopy, p);
        for (String n : e.names()) {
            double[] ev = TestTables.values(e, n);
            double[] pv = TestTables.values(p, n);
            double[] ov = TestTables.values(out, n);
            for (int i = 0; i < ev.length; i++) {
                assertEquals(0.75 * ev[i] + 0.25 * pv[i], ov[i], 1e-6);
            }
        }
    }

    @Test
    void rejectsADecayOutsideTheOpenUnitIntervalAndAMissingTeacher() {
        assertThrows(IllegalArgumentException.class, () -> new Mesa(SGD, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Mesa(SGD, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Mesa(SGD, Double.NaN));
        ParamTable p = TestTables.normal(6, DataType.FLOAT);
        assertThrows(java.util.NoSuchElementException.class,
                () -> new Mesa(SGD, 0.9).update(p, p, SGD.init(p)));
    }

    @Test
    void aBaseWithATeacherSlotOfItsOwnIsRefused() {
        Optimizer clash = new Optimizer() {
            @Override
            public String name() {
                return "clash";
            }

            @Override
            public OptimizerState init(ParamTable params) {
                return OptimizerState.initial(Map.of(Mesa.TEACHER, params.zerosLike()));
            }

            @Override
            public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
                return new Step(params, state);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Mesa(clash, 0.9).init(TestTables.normal(7, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("teacher"), e.getMessage());
    }

    @Test
    void safDelegatesToItsBaseAndCarriesItsSchedule() {
        SafConfig config = new SafConfig(SgdConfig.of(0.1).withMomentum(0.9), 2.0, 0.16, 2, 4, 50);
        Saf saf = new Saf(config);
        assertEquals("saf", saf.name());
        assertEquals(new SafSchedule(2, 4, 50), saf.schedule());
        assertEquals(config.base(), ((Sgd) saf.base()).config());
        ParamTable p = TestTables.normal(8, DataType.FLOAT);
        ParamTable g = TestTables.normal(9, DataType.FLOAT);
        assertEquals(saf.base().update(p, g, saf.base().init(p)), saf.update(p, g, saf.init(p)));
        assertEquals(List.of(Sgd.MOMENTUM), List.copyOf(saf.init(p).slots().keySet()));
    }
}
