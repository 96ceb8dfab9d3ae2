package org.sparkharness.driver.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.bench.StepCost;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.MesaConfig;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * Step cost and state bytes of every optimizer that updates from a gradient, on {@link StepCost}'s 1M-parameter
 * table, against DL4J's native Adam in the same run. SAM, SAF and Sven are not here: their update is their base's
 * (or SGD's); their extra cost is in the model passes, which the training section measures.
 */
final class StepCostSection {
    static List<Map<String, Object>> run() {
        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        optimizers.put("sgd", Optimizers.sgd(SgdConfig.of(0.05).withMomentum(0.9)));
        optimizers.putAll(StepCost.issueOptimizers());
        optimizers.put("mesa", Optimizers.mesa(MesaConfig.of(
                AdamWConfig.defaults().withLr(1e-3).withWeightDecay(0.0))));
        ParamTable params = StepCost.mlpTable(1, 0.05);
        ParamTable grads = StepCost.mlpTable(1000, 1e-3);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StepCost.Result r : StepCost.measure(optimizers, params, grads, 1e-3, StepCost.Options.defaults())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("optimizer", r.name());
            row.put("ns_per_param", r.nsPerParam());
            row.put("over_dl4j_adam", r.overDl4jAdam());
            row.put("goal_over_dl4j_adam", Double.isNaN(StepCost.goal(r.name())) ? null : StepCost.goal(r.name()));
            row.put("state_bytes", r.stateBytes());
            row.put("params", r.params());
            rows.add(row);
            System.out.printf("  %-11s %7.3f ns/param  %5.2f x DL4J Adam  state %,d bytes%n", r.name(),
                    r.nsPerParam(), r.overDl4jAdam(), r.stateBytes());
        }
        return rows;
    }

    private StepCostSection() {}
}
