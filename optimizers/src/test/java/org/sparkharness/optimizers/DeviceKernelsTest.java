package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.LionConfig;

/**
 * The device form of each per-element optimizer (ND4J operations on whole tensors, what a CUDA executor runs so its
 * arrays never leave the GPU) takes the same steps as the lane engine the CPU uses: run here on the CPU backend by
 * switching the engine, five steps from the same start, in float and in double.
 */
class DeviceKernelsTest {

    private static Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        m.put("adamw torch", new AdamW(AdamWConfig.defaults().withLr(1e-2)
                .withWeightDecay(0.1), AdamW.Semantics.TORCH));
        m.put("adamw dl4j", new AdamW(AdamWConfig.defaults().withLr(1e-2).withEps(1e-6)
                .withWeightDecay(0.1), AdamW.Semantics.DL4J));
        m.put("lion", new Lion(LionConfig.defaults().withLr(1e-3).withWeightDecay(0.5)));
        m.put("adam-atan2", new AdamAtan2(AdamAtan2Config.defaults().withLr(1e-2).withWeightDecay(0.1)));
        m.put("adam-atan2 imoneoi", new AdamAtan2(AdamAtan2Config.defaults().withLr(1e-2).withWeightDecay(0.1),
                AdamAtan2.Semantics.IMONEOI));
        return m;
    }

    private static Optimizer.Step run(Optimizer o, DataType dtype, boolean device) {
        boolean before = Elementwise.deviceKernels;
        Elementwise.deviceKernels = device;
        try {
            ParamTable p = TestTables.normal(1, dtype);
            OptimizerState s = o.init(p);
            Optimizer.Step step = null;
            for (int t = 0; t < 5; t++) {
                step = o.update(p, TestTables.normal(10 + t, dtype), s);
                p = step.params();
                s = step.state();
            }
            return step;
        } finally {
            Elementwise.deviceKernels = before;
        }
    }

    @Test
    void theDeviceFormTakesTheLaneEnginesSteps() {
        for (var e : optimizers().entrySet()) {
            for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                Optimizer.Step host = run(e.getValue(), dtype, false);
                Optimizer.Step device = run(e.getValue(), dtype, true);
                double tolerance = dtype == DataType.FLOAT ? 2e-5 : 1e-9;
                for (String name : TestTables.NAMES) {
                    assertClose(TestTables.values(host.params(), name), TestTables.values(device.params(), name),
                            tolerance, e.getKey() + " " + dtype + " " + name);
                    for (var slot : host.state().slots().entrySet()) {
                        assertClose(TestTables.values(slot.getValue(), name),
                                TestTables.values(device.state().slot(slot.getKey()), name), tolerance,
                                e.getKey() + " " + dtype + " slot " + slot.getKey() + " of " + name);
                    }
                }
            }
        }
    }

    @Test
    void theDeviceFormRejectsANonFiniteGradientByName() {
        boolean before = Elementwise.deviceKernels;
        Elementwise.deviceKernels = true;
        try {
            Optimizer o = optimizers().get("adamw torch");
            ParamTable p = TestTables.normal(1, DataType.FLOAT);
            ParamTable g = TestTables.with(TestTables.normal(2, DataType.FLOAT), "b", 2, Double.NaN);
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> o.update(p, g, o.init(p)));
            assertTrue(e.getMessage().contains("b"), e.getMessage());
        } finally {
            Elementwise.deviceKernels = before;
        }
    }

    private static void assertClose(double[] a, double[] b, double tolerance, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], tolerance * Math.max(1, Math.abs(a[i])), what + " [" + i + "]");
        }
    }
}
