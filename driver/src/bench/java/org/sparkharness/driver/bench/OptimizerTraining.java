package org.sparkharness.driver.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.ps.InProcessTraining;
import org.sparkharness.driver.ps.TrainingMethods;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.config.OptimizerConfig;

/**
 * The training half of {@code scripts/bench optimizers}: every optimizer trains the Fashion-MNIST MLP for the same
 * number of epochs through the parameter server's own code path (one worker, run in-process, so scheduler noise
 * does not blur a 1.1× ratio), and reports seconds per epoch, test accuracy and optimizer state bytes.
 */
final class OptimizerTraining {
    static final MlpSpec MODEL = new MlpSpec(List.of(256, 128), "relu");
    static final int BATCH = 64;
    static final long SEED = 42;

    /**
     * The optimizers compared, as users write them. Learning rates follow each method's guidance relative to
     * AdamW's 1e-3: Lion 3–10× smaller with 10× the weight decay (automl README), Adafactor's paper setting
     * (relative step, no lr), SAM/SAF/MESA around the same AdamW. SAF and MESA start after epoch 0 with E = 1
     * so their term is active for most of a short run.
     */
    static final Map<String, String> CONFIGS = configs();

    private static Map<String, String> configs() {
        Map<String, String> m = new LinkedHashMap<>();
        String adamw = "{ type: adamw, lr: 1.0e-3, weightDecay: 1.0e-4 }";
        m.put("sgd", "{ type: sgd, lr: 0.05, momentum: 0.9 }");
        m.put("adamw", adamw);
        m.put("adafactor", "{ type: adafactor }");
        m.put("adam-atan2", "{ type: adam-atan2, lr: 1.0e-3, weightDecay: 1.0e-4 }");
        m.put("lion", "{ type: lion, lr: 2.0e-4, weightDecay: 1.0e-3 }");
        m.put("sam", "{ type: sam, rho: 0.05, base: " + adamw + " }");
        m.put("asam", "{ type: sam, rho: 0.5, adaptive: true, base: " + adamw + " }");
        m.put("saf", "{ type: saf, lambda: 0.3, tau: 5, minusEpoch: 1, startEpoch: 0, base: " + adamw + " }");
        m.put("mesa", "{ type: mesa, lambda: 0.8, tau: 5, decay: 0.999, startEpoch: 0, base: " + adamw + " }");
        // Sven is compared in scripts/bench sven (SvenBench) on a smaller MLP: on this one each step builds a 64 × 235k
        // Jacobian and a 64×64 eigenproblem over its columns, so the same epochs take far longer than the others.
        return m;
    }

    /** The optimizer section of a config, parsed exactly as a user's YAML is. */
    static OptimizerConfig parse(String optimizerYaml) {
        HarnessConfig c = ConfigLoader.parse("optimizer: " + optimizerYaml + "\n", List.of());
        return c.optimizer();
    }

    /** One row per optimizer: seconds per epoch, test accuracy after {@code epochs}, state bytes. */
    static List<Map<String, Object>> run(LabeledImages train, LabeledImages test, int epochs, List<String> names) {
        int batchesPerEpoch = train.size() / BATCH;
        int rounds = epochs * batchesPerEpoch;
        PsConfig ps = new PsConfig(1, null, null, rounds, rounds, Integer.MAX_VALUE, batchesPerEpoch, 3600, null);
        // Warm the JIT and ND4J's workspaces on every code path first, so the first optimizer timed pays no more
        // start-up than the last.
        PsConfig warm = new PsConfig(1, null, null, 30, 30, Integer.MAX_VALUE, 1000, 3600, null);
        for (String name : names) {
            new InProcessTraining(MODEL, parse(CONFIGS.get(name)), warm, BATCH, SEED).run(train, test, null, false,
                    line -> {});
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : names) {
            OptimizerConfig config = parse(CONFIGS.get(name));
            TrainingSummary s = new InProcessTraining(MODEL, config, ps, BATCH, SEED)
                    .run(train, test, null, false, line -> {});
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("optimizer", name);
            r.put("config", CONFIGS.get(name));
            r.put("epochs", epochs);
            r.put("seconds_per_epoch", s.trainSeconds() / epochs);
            r.put("test_accuracy", s.lastEval().accuracy());
            r.put("test_loss", s.lastEval().meanLoss());
            r.put("mlp_state_bytes", stateBytes(config));
            rows.add(r);
            System.out.printf("  %-10s %6.2f s/epoch  test acc %.2f%%%n", name, s.trainSeconds() / epochs,
                    100 * s.lastEval().accuracy());
        }
        return rows;
    }

    /** Server-side optimizer state of the MLP (SAF's logit memory is reported separately: it scales with N). */
    private static long stateBytes(OptimizerConfig config) {
        NetworkAdapter layout = new NetworkAdapter(MODEL.network(InputShape.fashionMnist(), SEED));
        ObjectiveOptimizer o = TrainingMethods.of(config, new TrainingMethods.RunShape(new int[] {1},
                BATCH, SEED, 10, layout::flatten)).serverOptimizer();
        OptimizerState state = o.init(layout.params());
        return o.stateBytes(state);
    }

    private OptimizerTraining() {}
}
