package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.optimizers.LogitMemory;
import org.sparkharness.optimizers.config.SafConfig;

/**
 * {@code scripts/bench optimizers}: step cost against DL4J's native Adam, state bytes, SAM/SAF/MESA epoch time
 * against their base, test accuracy of every optimizer after the same epochs, and Sven against Adam/AdamW on a
 * regression task at equal wall time. Writes {@code optimizers.json} and prints a table.
 *
 * <p>Usage: {@code OptimizersBench OUT_DIR DATA_DIR [EPOCHS [SVEN_SECONDS]]}; EPOCHS = 0 skips the Fashion-MNIST
 * section.
 */
public final class OptimizersBench {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: OptimizersBench OUT_DIR DATA_DIR [EPOCHS [SVEN_SECONDS]]");
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double svenSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "optimizers");
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));

        System.out.println("== step cost on a 1M-parameter table (vs DL4J's native Adam updater) ==");
        r.put("step_cost", StepCostSection.run());

        if (epochs > 0) {
            System.out.println("== Fashion-MNIST MLP 784-256-128-10, batch " + OptimizerTraining.BATCH + ", " + epochs
                    + " epochs each ==");
            FashionMnist.Loaded data = FashionMnist.loadAll(args[1]);
            List<Map<String, Object>> training = OptimizerTraining.run(data.train(), data.test(), epochs,
                    new ArrayList<>(OptimizerTraining.CONFIGS.keySet()));
            r.put("training", training);
            Map<String, Double> accuracy = new LinkedHashMap<>();
            for (Map<String, Object> row : training) {
                accuracy.put((String) row.get("optimizer"), (Double) row.get("test_accuracy"));
            }
            int reps = Integer.parseInt(System.getenv().getOrDefault("COST_REPS", "3"));
            System.out.println("== epoch time of SAM/ASAM/SAF/MESA against AdamW: epoch 1, median of " + reps
                    + " interleaved runs ==");
            Map<String, Object> cost = EpochCost.run(data.train(), data.test(), reps);
            r.put("epoch_cost", cost);
            for (String name : EpochCost.METHODS) {
                if (!name.equals(EpochCost.BASE)) r.put(name + "_over_base", cost.get(name + "_over_base"));
            }
            System.out.println("== one round, part by part (what bounds the ratios) ==");
            r.put("round_parts", RoundParts.run(data.train(), 100, reps));
            SafConfig saf = (SafConfig) OptimizerTraining.parse(OptimizerTraining.CONFIGS.get("saf"));
            r.put("saf_logit_memory_bytes",
                    new LogitMemory(data.train().size(), saf.schedule(), data.train().numClasses()).bytes());
            Map<String, Double> gap = new LinkedHashMap<>();
            for (String name : List.of("lion", "adam-atan2", "adafactor", "sgd", "sam", "asam", "saf", "mesa")) {
                gap.put(name + "_minus_adamw_points", 100 * (accuracy.get(name) - accuracy.get("adamw")));
            }
            r.put("accuracy_vs_adamw", gap);
        }

        System.out.println("== Sven vs Adam/AdamW, polynomial regression, " + svenSeconds + " s each ==");
        List<Map<String, Object>> sven = new ArrayList<>();
        // The same three optimizers, with the same settings, as scripts/bench sven.
        SvenBench.optimizers().forEach((name, optimizer) -> sven.add(SvenRegression.run(name, optimizer.get(),
                svenSeconds)));
        r.put("sven_regression", sven);

        JSON.writeValue(out.resolve("optimizers.json").toFile(), r);
        System.out.println();
        System.out.println(table(r));
        System.out.println("wrote " + out.resolve("optimizers.json"));
    }

    /** The summary table (Markdown, as pasted into docs/benchmarks.md). */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        b.append("| optimizer | ns/param | over DL4J Adam | state bytes (1M table) | MLP state bytes | s/epoch | test acc |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        Map<String, Map<String, Object>> cost = new LinkedHashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("step_cost")) {
            cost.put((String) row.get("optimizer"), row);
        }
        for (Map<String, Object> row : (List<Map<String, Object>>) r.getOrDefault("training", List.of())) {
            String name = (String) row.get("optimizer");
            Map<String, Object> c = cost.get(name);
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %.2f | %.2f %% |%n", name,
                    c == null ? "–" : String.format(Locale.ROOT, "%.2f", (Double) c.get("ns_per_param")),
                    c == null ? "–" : String.format(Locale.ROOT, "%.2f", (Double) c.get("over_dl4j_adam")),
                    c == null ? "–" : c.get("state_bytes").toString(),
                    (Long) row.get("mlp_state_bytes"), (Double) row.get("seconds_per_epoch"),
                    100 * (Double) row.get("test_accuracy")));
        }
        for (Map.Entry<String, Map<String, Object>> e : cost.entrySet()) {
            if (e.getKey().startsWith("dl4j")) {
                b.append(String.format(Locale.ROOT, "| %s (baseline) | %.2f | 1.00 | | | | |%n", e.getKey(),
                        (Double) e.getValue().get("ns_per_param")));
            }
        }
        b.append(String.format(Locale.ROOT, "%nepoch 1, median of interleaved runs: sam_over_base %.2f (goal <= 2.1),"
                        + " asam_over_base %.2f, saf_over_base %.2f (goal <= 1.1), mesa_over_base %.2f%n", r.get("sam_over_base"), r.get("asam_over_base"),
                r.get("saf_over_base"), r.get("mesa_over_base")));
        b.append("accuracy vs AdamW (points): ").append(r.get("accuracy_vs_adamw")).append('\n');
        b.append("\n| regression (equal wall time) | steps | ms/step | initial MSE | final MSE |\n|---|---|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("sven_regression")) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.4g | %.4g |%n", row.get("optimizer"),
                    (Long) row.get("steps"), (Double) row.get("ms_per_step"), (Double) row.get("initial_mse"),
                    (Double) row.get("final_mse")));
        }
        return b.toString();
    }

    private OptimizersBench() {}
}
