package org.sparkharness.optimizers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.LionConfig;

/** The benchmark's API on a tiny table (benchmarks are not tests: no timing is asserted). */
class StepCostTest {

    @Test
    void measuresEveryEntrantAndTheBaselineWithTheirStateSizes() {
        ParamTable p = ParamTable.builder().put("W", Nd4j.rand(DataType.FLOAT, 8, 4)).put("b", Nd4j.rand(DataType.FLOAT, 4))
                .build();
        ParamTable g = p.map(a -> a.mul(0.01));
        Map<String, Optimizer> opts = Map.of("lion", Optimizers.lion(LionConfig.defaults()));
        ParamTable before = p.dup();

        List<StepCost.Result> r = StepCost.measure(opts, p, g, 1e-3, new StepCost.Options(1, 2, 2, true));

        assertEquals(2, r.size());
        assertEquals("lion", r.get(0).name());
        assertEquals(StepCost.DL4J_ADAM, r.get(1).name());
        assertEquals(36 * Float.BYTES, r.get(0).stateBytes());
        assertEquals(2 * 36 * Float.BYTES, r.get(1).stateBytes());
        assertEquals(1.0, r.get(1).overDl4jAdam());
        assertTrue(r.get(0).nsPerParam() > 0 && r.get(0).params() == 36);
        assertEquals(before, p, "the caller's parameters are not released or changed");
    }

    @Test
    void theBenchTableHasAboutAMillionParametersInMlpLayout() {
        ParamTable t = StepCost.mlpTable(1, 0.05);
        assertEquals(1_018_762, t.numParams());
        assertEquals(List.of("0_W", "0_b", "1_W", "1_b", "2_W", "2_b", "3_W", "3_b", "4_W", "4_b", "5_W", "5_b"), t.names());
        assertEquals(t, StepCost.mlpTable(1, 0.05), "seeded");
        // Adafactor keeps rows + columns per matrix and the biases whole
        Optimizer a = Optimizers.adafactor(AdafactorConfig.defaults());
        assertEquals((1024 + 512 + 512 + 512 + 512 + 256 + 256 + 256 + 256 + 128 + 128 + 10 + 1674) * Float.BYTES,
                a.stateBytes(a.init(t)));
    }

    @Test
    void jsonHasFlatKeysPerEntrant() {
        String json = StepCost.json(List.of(new StepCost.Result("adam-atan2", 4.0, 0.8, 80, 10),
                new StepCost.Result(StepCost.DL4J_ADAM, 5.0, 1.0, 80, 10)), StepCost.Options.defaults());
        assertTrue(json.contains("\"adam_atan2_ns_per_param\": 4.0000"), json);
        assertTrue(json.contains("\"adam_atan2_over_dl4j_adam\": 0.8000"), json);
        assertTrue(json.contains("\"dl4j_adam_ns_per_param\": 5.0000"), json);
        assertTrue(json.contains("\"params\": 10"), json);
    }
}
