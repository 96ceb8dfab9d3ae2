package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * SGD against a plain-Java reference of torch.optim.SGD (docs/algorithms/optimizers.md §3), covering the variants the
 * golden file does not (Nesterov, dampening).
 */
class SgdTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(SgdConfig.of(0.1)),
                Arguments.of(SgdConfig.of(0.1).withMomentum(0.9).withWeightDecay(0.01)),
                Arguments.of(new SgdConfig(0.1, 0.9, 0.3, 0.01, null)),
                Arguments.of(new SgdConfig(0.05, 0.9, 0.0, 0.01, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void matchesPlainJavaReferenceOverFourSteps(SgdConfig c) {
        Optimizer opt = Optimizers.sgd(c);
        ParamTable p = TestTables.normal(1, DataType.DOUBLE);
        OptimizerState s = opt.init(p);
        double[] rp = TestTables.values(p, "v");
        double[] buf = new double[rp.length];

        for (int t = 1; t <= 4; t++) {
            ParamTable g = TestTables.normal(10 + t, DataType.DOUBLE);
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();

            double[] rg = TestTables.values(g, "v");
            for (int i = 0; i < rp.length; i++) {
                double d = rg[i] + c.weightDecay() * rp[i];
                if (c.momentum() != 0) {
                    buf[i] = t == 1 ? d : c.momentum() * buf[i] + (1 - c.dampening()) * d;
                    d = c.nesterov() ? d + c.momentum() * buf[i] : buf[i];
                }
                rp[i] -= c.lr() * d;
            }
            assertArrayEquals(rp, TestTables.values(p, "v"), 1e-14, "params at step " + t);
            if (c.momentum() != 0) {
                assertArrayEquals(buf, TestTables.values(s.slot(Sgd.MOMENTUM), "v"), 1e-14, "buffer at step " + t);
            } else {
                assertTrue(s.slots().isEmpty());
            }
        }
    }

    /** torch starts the buffer at g, so dampening does not shrink the first step. */
    @Test
    void firstMomentumStepIgnoresDampening() {
        Optimizer opt = Optimizers.sgd(SgdConfig.of(0.1).withMomentum(0.9).withDampening(0.5));
        ParamTable p = TestTables.normal(2, DataType.DOUBLE);
        ParamTable g = TestTables.normal(3, DataType.DOUBLE);
        ParamTable p1 = opt.update(p, g, opt.init(p)).params();
        double[] p0 = TestTables.values(p, "b");
        double[] gi = TestTables.values(g, "b");
        for (int i = 0; i < p0.length; i++) {
            assertEquals(p0[i] - 0.1 * gi[i], TestTables.values(p1, "b")[i], 1e-15);
        }
    }
}
