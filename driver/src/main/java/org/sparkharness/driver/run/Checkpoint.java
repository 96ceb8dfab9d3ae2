package org.sparkharness.driver.run;

import java.util.Map;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * Everything needed to continue a run exactly: completed rounds, parameters, optimizer state and the seed from
 * which every later minibatch and delay is drawn (sampling is keyed by (seed, round, worker), so the RNG state is
 * the pair (seed, round)). {@code policyState} is for backup policies that learn from history; {@code methodState}
 * holds a training method's own data by name (SAF's logit memory), as opaque bytes.
 */
public record Checkpoint(long round, long seed, ParamTable params, OptimizerState optimizerState,
                         Map<String, Double> policyState, Map<String, byte[]> methodState) {
    public Checkpoint {
        policyState = Map.copyOf(policyState);
        methodState = Map.copyOf(methodState);
    }

    /** A checkpoint without training-method state. */
    public Checkpoint(long round, long seed, ParamTable params, OptimizerState optimizerState,
                      Map<String, Double> policyState) {
        this(round, seed, params, optimizerState, policyState, Map.of());
    }
}
