package org.sparkharness.driver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.PerExampleGradients;
import org.sparkharness.executors.model.Task;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.Rows;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.SvenConfig;

/**
 * {@code scripts/bench sven}: Sven against Adam and AdamW (OptimizersBench's settings) at equal wall time and at
 * equal steps, on the polynomial regression task ({@link SvenRegression}) and a Fashion-MNIST MLP 784-64-10 with
 * batch 64 (small enough for Sven's B × P Jacobian). Also Sven's cost per step and per Jacobian with the one-pass
 * per-example gradients ({@link PerExampleGradients}) and with the single-example loop it replaced
 * ({@code -Dharness.perExample=loop}), in the same JVM. Writes {@code sven.json} and prints a table.
 *
 * <p>Usage: {@code SvenBench OUT_DIR DATA_DIR [SECONDS [STEPS [LOOP_STEPS]]]}: seconds per optimizer for equal wall
 * time (default 10), steps per optimizer for equal steps (default 200), Sven steps timed in each per-example mode
 * (default 10). DATA_DIR "-" skips Fashion-MNIST.
 */
public final class SvenBench {
    static final long SEED = 42;
    static final int FASHION_BATCH = 64;
    static final int FASHION_EVAL_ROWS = 10_000;

    /** A training task: how to build its network, its data, how to score it. */
    record Problem(String name, Supplier<NetworkAdapter> adapter, INDArray trainX, INDArray trainY, INDArray evalX,
            INDArray evalY, INDArray testX, int[] testLabels, int batch) {}

    static Map<String, Supplier<ObjectiveOptimizer>> optimizers() {
        Map<String, Supplier<ObjectiveOptimizer>> m = new LinkedHashMap<>();
        m.put("adam", () -> Optimizers.adamw(AdamWConfig.defaults().withLr(1e-3).withWeightDecay(0.0)));
        m.put("adamw", () -> Optimizers.adamw(AdamWConfig.defaults().withLr(1e-3).withWeightDecay(1e-2)));
        m.put("sven", () -> Optimizers.fromConfig(SvenConfig.of(0.5, 16).withRtol(1e-3)));
        return m;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: SvenBench OUT_DIR DATA_DIR [SECONDS [STEPS [LOOP_STEPS]]]");
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        long steps = args.length > 3 ? Long.parseLong(args[3]) : 200;
        int loopSteps = args.length > 4 ? Integer.parseInt(args[4]) : 10;

        List<Problem> problems = new ArrayList<>();
        problems.add(regression());
        if (!"-".equals(args[1])) problems.add(fashion(args[1]));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "sven");
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        r.put("seconds", seconds);
        r.put("steps", steps);
        r.put("loop_steps", loopSteps);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> cost = new ArrayList<>();
        for (Problem p : problems) {
            System.out.println("== " + p.name() + " (P = " + p.adapter().get().numParams() + ", batch " + p.batch() + ") ==");
            for (var e : optimizers().entrySet()) run(p, e.getKey(), e.getValue().get(), Double.POSITIVE_INFINITY, 5, false); // warm-up
            for (var e : optimizers().entrySet()) {
                rows.add(run(p, e.getKey(), e.getValue().get(), seconds, Long.MAX_VALUE, true));
            }
            for (var e : optimizers().entrySet()) {
                rows.add(run(p, e.getKey(), e.getValue().get(), Double.POSITIVE_INFINITY, steps, true));
            }
            cost.add(svenCost(p, loopSteps));
        }
        r.put("runs", rows);
        r.put("sven_cost", cost);
        OptimizersBench.JSON.writeValue(out.resolve("sven.json").toFile(), r);
        System.out.println();
        System.out.println(table(r));
        System.out.println("wrote " + out.resolve("sven.json"));
    }

    static Problem regression() {
        INDArray[] xy = SvenRegression.data();
        InputShape shape = new InputShape(1, SvenRegression.INPUTS, 1, 1, Task.REGRESSION);
        return new Problem("regression", () -> new NetworkAdapter(Dl4jNetwork.of(SvenRegression.network(), shape)),
                xy[0], xy[1], xy[0], xy[1], null, null, SvenRegression.BATCH);
    }

    static Problem fashion(String dataDir) {
        FashionMnist.Loaded data = FashionMnist.loadAll(dataDir);
        LabeledImages train = data.train();
        LabeledImages test = data.test();
        INDArray y = train.oneHotLabels();
        int[] evalRows = new int[Math.min(FASHION_EVAL_ROWS, train.size())];
        for (int i = 0; i < evalRows.length; i++) evalRows[i] = i;
        MlpSpec spec = new MlpSpec(List.of(64), "relu");
        return new Problem("fashion-mnist mlp 784-64-10", () -> new NetworkAdapter(spec.network(InputShape.fashionMnist(), SEED)),
                train.features(), y, Rows.gather(train.features(), evalRows), Rows.gather(y, evalRows),
                test.features(), test.labels(), FASHION_BATCH);
    }

    /** Trains until {@code seconds} of training time or {@code maxSteps} steps, whichever comes first. */
    static Map<String, Object> run(Problem p, String name, ObjectiveOptimizer optimizer, double seconds, long maxSteps,
            boolean evaluate) {
        NetworkAdapter adapter = p.adapter().get();
        int n = (int) p.trainX().size(0);
        ParamTable params = adapter.params();
        OptimizerState state = optimizer.init(params);
        long budget = Double.isInfinite(seconds) ? Long.MAX_VALUE : (long) (seconds * 1e9);
        long steps = 0;
        long trainNanos = 0;
        while (trainNanos < budget && steps < maxSteps) {
            long t0 = System.nanoTime();
            int[] rows = BatchSampler.indices(SEED, 0, steps, n, p.batch());
            NetworkObjective batch = new NetworkObjective(adapter, Rows.gather(p.trainX(), rows), Rows.gather(p.trainY(), rows));
            Optimizer.Step s = optimizer.step(params, batch, state);
            params = s.params();
            state = s.state();
            steps++;
            trainNanos += System.nanoTime() - t0;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("task", p.name());
        r.put("budget", Double.isInfinite(seconds) ? "steps" : "seconds");
        r.put("optimizer", name);
        r.put("steps", steps);
        r.put("train_seconds", trainNanos / 1e9);
        r.put("ms_per_step", steps == 0 ? Double.NaN : trainNanos / 1e6 / steps);
        if (!evaluate) return r;
        double loss = new NetworkObjective(adapter, p.evalX(), p.evalY()).evaluate(params).loss();
        r.put("train_loss", loss);
        double acc = Double.NaN;
        if (p.testX() != null) acc = accuracy(adapter, params, p.testX(), p.testLabels());
        r.put("test_accuracy", acc);
        System.out.printf(Locale.ROOT, "  %-5s budget %-7s %6d steps %8.3f ms/step  train loss %.4g%s%n", name,
                r.get("budget"), steps, (Double) r.get("ms_per_step"), loss,
                Double.isNaN(acc) ? "" : String.format(Locale.ROOT, "  test acc %.2f %%", 100 * acc));
        return r;
    }

    static double accuracy(NetworkAdapter adapter, ParamTable params, INDArray x, int[] labels) {
        adapter.setParams(params);
        INDArray out = adapter.network().output(x, false);
        long[] predicted = Nd4j.argMax(out, 1).toLongVector();
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
        return right / (double) labels.length;
    }

    /** Sven ms/step (mean), and ms per Jacobian (flat and table order, best call), one-pass path and loop. */
    static Map<String, Object> svenCost(Problem p, int steps) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("task", p.name());
        for (String mode : List.of("one-pass", "loop")) {
            if (mode.equals("loop")) System.setProperty(PerExampleGradients.PROPERTY, "loop");
            try {
                Map<String, Object> run = run(p, "sven", optimizers().get("sven").get(), Double.POSITIVE_INFINITY, steps, false);
                r.put(mode + "_ms_per_step", run.get("ms_per_step"));
                NetworkAdapter adapter = p.adapter().get();
                int[] rows = BatchSampler.indices(SEED, 0, 0, (int) p.trainX().size(0), p.batch());
                NetworkObjective o = new NetworkObjective(adapter, Rows.gather(p.trainX(), rows), Rows.gather(p.trainY(), rows));
                INDArray flat = adapter.flatParams();
                ParamTable table = adapter.params();
                o.perExampleFlat(flat);
                o.perExample(table);
                double flatBest = Double.MAX_VALUE;
                double tableBest = Double.MAX_VALUE;
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    o.perExampleFlat(flat);
                    long t1 = System.nanoTime();
                    o.perExample(table);
                    long t2 = System.nanoTime();
                    flatBest = Math.min(flatBest, (t1 - t0) / 1e6);
                    tableBest = Math.min(tableBest, (t2 - t1) / 1e6);
                }
                // Best of the calls: the machine is shared, and the minimum is the least disturbed figure.
                r.put(mode + "_jacobian_flat_ms", flatBest);
                r.put(mode + "_jacobian_table_ms", tableBest);
            } finally {
                System.clearProperty(PerExampleGradients.PROPERTY);
            }
        }
        r.put("step_speedup", (Double) r.get("loop_ms_per_step") / (Double) r.get("one-pass_ms_per_step"));
        r.put("jacobian_speedup", (Double) r.get("loop_jacobian_flat_ms") / (Double) r.get("one-pass_jacobian_flat_ms"));
        System.out.printf(Locale.ROOT, "  sven cost: %.2f ms/step one-pass vs %.2f loop (%.1fx); Jacobian %.2f vs %.2f ms"
                        + " (flat), %.2f vs %.2f ms (table order)%n", r.get("one-pass_ms_per_step"),
                r.get("loop_ms_per_step"), r.get("step_speedup"), r.get("one-pass_jacobian_flat_ms"),
                r.get("loop_jacobian_flat_ms"), r.get("one-pass_jacobian_table_ms"), r.get("loop_jacobian_table_ms"));
        return r;
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        b.append("| task | budget | optimizer | steps | ms/step | train loss | test acc |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("runs")) {
            double acc = (Double) row.get("test_accuracy");
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.3f | %.4g | %s |%n", row.get("task"),
                    "seconds".equals(row.get("budget")) ? r.get("seconds") + " s" : r.get("steps") + " steps",
                    row.get("optimizer"), (Long) row.get("steps"), (Double) row.get("ms_per_step"),
                    (Double) row.get("train_loss"),
                    Double.isNaN(acc) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * acc)));
        }
        b.append("\n| task | Sven ms/step one-pass | loop | speed-up | Jacobian ms (best) one-pass | loop | speed-up |"
                + " Jacobian in table order (best) one-pass | loop |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("sven_cost")) {
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.1fx | %.2f | %.2f |%n",
                    row.get("task"), row.get("one-pass_ms_per_step"), row.get("loop_ms_per_step"),
                    row.get("step_speedup"), row.get("one-pass_jacobian_flat_ms"), row.get("loop_jacobian_flat_ms"),
                    row.get("jacobian_speedup"), row.get("one-pass_jacobian_table_ms"),
                    row.get("loop_jacobian_table_ms")));
        }
        return b.toString();
    }

    private SvenBench() {}
}
