package org.sparkharness.optimizers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.LionConfig;

/**
 * The cost of one optimizer step, in nanoseconds per parameter, against DL4J's own native Adam updater on the same
 * parameters in the same run (ratios, because machines are noisy). {@code scripts/bench step-cost} runs
 * {@link #main} with the project's environment, prints a table and writes {@code target/bench/step-cost.json}.
 *
 * <p>What is timed, per step:
 * <ul>
 *   <li>an optimizer: {@code update(params, grads, state)} on a {@link ParamTable}, its result fed to the next step;</li>
 *   <li>DL4J: {@code Adam(lr).instantiate(stateView, true)} over one flat [1, P] array, then per step
 *       {@code applyUpdater(gradient, iteration, 0)} and {@code params.subi(update)}, in place. Refilling the gradient
 *       array (what backprop does in DL4J) is not timed.</li>
 * </ul>
 * Each repeat runs warm-up steps and then timed steps for every entrant in turn, so slow phases of the machine hit all
 * of them; the figure is the median over all timed steps.
 *
 * <p>Memory: the optimizers here are pure, so every step allocates fresh parameter and state arrays, while DL4J
 * updates in place. ND4J frees native memory when the Java wrappers are garbage collected, which tiny wrappers
 * rarely trigger; until then every step touches fresh pages. With {@link Options#release} (the default) the loop
 * closes the previous step's arrays, as a loop that owns them can, and the figure is the optimizer's own cost;
 * without it, it also measures how soon this JVM happens to collect (measured from 2× to 15× slower here).
 *
 * <p>Single-threaded like the harness's tasks: run with {@code OMP_NUM_THREADS=1} and, essential,
 * {@code OMP_WAIT_POLICY=PASSIVE} (scripts/lib/env.sh).
 */
public final class StepCost {
    private StepCost() {
    }

    /** The entrant every ratio is taken against. */
    public static final String DL4J_ADAM = "dl4j-adam";

    /**
     * How to measure.
     *
     * @param warmupSteps steps per repeat before timing (JIT, allocator)
     * @param timedSteps  timed steps per repeat
     * @param repeats     rounds over all entrants
     * @param release     close the previous step's parameter and state arrays (see the class comment)
     */
    public record Options(int warmupSteps, int timedSteps, int repeats, boolean release) {
        /** Rejects non-positive counts. */
        public Options {
            if (warmupSteps < 0 || timedSteps < 1 || repeats < 1) {
                throw new IllegalArgumentException("need warmupSteps >= 0, timedSteps >= 1, repeats >= 1: " + this);
            }
        }

        /** 10 warm-up and 20 timed steps, 5 repeats, releasing arrays. */
        public static Options defaults() {
            return new Options(10, 20, 5, true);
        }
    }

    /**
     * One entrant's cost.
     *
     * @param name         the entrant's name ({@link #DL4J_ADAM} for the baseline)
     * @param nsPerParam   median time of one step divided by the number of parameters
     * @param overDl4jAdam {@code nsPerParam} over DL4J Adam's
     * @param stateBytes   bytes of optimizer state (tensor slots; for DL4J its state view)
     * @param params       number of parameters
     */
    public record Result(String name, double nsPerParam, double overDl4jAdam, long stateBytes, long params) {
    }

    /**
     * About a million float32 parameters shaped like the layers of an MLP, weights [nIn, nOut] as DL4J stores them:
     * 1024×512, 512, 512×512, 512, 512×256, 256, 256×256, 256, 256×128, 128, 128×10, 10 (1,018,762 values), normal
     * with standard deviation {@code scale}, from {@code seed}.
     */
    public static ParamTable mlpTable(long seed, double scale) {
        long[][] shapes = {{1024, 512}, {512}, {512, 512}, {512}, {512, 256}, {256}, {256, 256}, {256}, {256, 128},
                {128}, {128, 10}, {10}};
        ParamTable.Builder b = ParamTable.builder();
        for (int i = 0; i < shapes.length; i++) {
            INDArray a = Nd4j.randn(seed + i, shapes[i]).castTo(DataType.FLOAT).muli(scale);
            b.put((i / 2) + (shapes[i].length == 2 ? "_W" : "_b"), a);
        }
        return b.build();
    }

    /**
     * Measures every optimizer and DL4J's Adam ({@code Adam(dl4jLr)}) on {@code params} with gradients
     * {@code grads}. Results in the map's order, the baseline last.
     */
    public static List<Result> measure(Map<String, Optimizer> optimizers, ParamTable params, ParamTable grads,
                                       double dl4jLr, Options options) {
        Objects.requireNonNull(optimizers, "optimizers");
        params.requireSameLayout(grads, "StepCost gradients");
        long n = params.numParams();
        Map<String, long[]> times = new LinkedHashMap<>();
        Map<String, Long> stateBytes = new LinkedHashMap<>();
        optimizers.keySet().forEach(k -> times.put(k, new long[options.repeats() * options.timedSteps()]));
        times.put(DL4J_ADAM, new long[options.repeats() * options.timedSteps()]);
        for (int r = 0; r < options.repeats(); r++) {
            int at = r * options.timedSteps();
            for (Map.Entry<String, Optimizer> e : optimizers.entrySet()) {
                long bytes = timeOptimizer(e.getValue(), params, grads, options, times.get(e.getKey()), at);
                stateBytes.put(e.getKey(), bytes);
            }
            stateBytes.put(DL4J_ADAM, timeDl4jAdam(params, grads, dl4jLr, options, times.get(DL4J_ADAM), at));
        }
        double base = median(times.get(DL4J_ADAM)) / n;
        List<Result> out = new ArrayList<>();
        times.forEach((name, t) -> {
            double ns = median(t) / n;
            out.add(new Result(name, ns, ns / base, stateBytes.get(name), n));
        });
        return out;
    }

    /** Runs one repeat of {@code opt}; returns its state bytes after the last step. */
    private static long timeOptimizer(Optimizer opt, ParamTable params, ParamTable grads, Options o, long[] times,
                                      int at) {
        ParamTable p = params.dup();
        OptimizerState s = opt.init(p);
        for (int i = 0; i < o.warmupSteps() + o.timedSteps(); i++) {
            long t0 = System.nanoTime();
            Optimizer.Step step = opt.update(p, grads, s);
            long dt = System.nanoTime() - t0;
            if (i >= o.warmupSteps()) {
                times[at + i - o.warmupSteps()] = dt;
            }
            if (o.release()) {
                release(p, s, step);
            }
            p = step.params();
            s = step.state();
        }
        long bytes = opt.stateBytes(s);
        if (o.release()) {
            release(p, s, null);
        }
        return bytes;
    }

    /** Closes the arrays of {@code p} and {@code s} that {@code next} does not hold (pure steps share none). */
    private static void release(ParamTable p, OptimizerState s, Optimizer.Step next) {
        Set<INDArray> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        if (next != null) {
            next.params().names().forEach(n -> keep.add(next.params().get(n)));
            next.state().slots().values().forEach(t -> t.names().forEach(n -> keep.add(t.get(n))));
        }
        List<INDArray> old = new ArrayList<>();
        p.names().forEach(n -> old.add(p.get(n)));
        s.slots().values().forEach(t -> t.names().forEach(n -> old.add(t.get(n))));
        for (INDArray a : old) {
            if (!keep.contains(a) && a.closeable()) {
                a.close();
            }
        }
    }

    /** Runs one repeat of DL4J's Adam over the flattened parameters; returns its state bytes. */
    private static long timeDl4jAdam(ParamTable params, ParamTable grads, double lr, Options o, long[] times, int at) {
        long n = params.numParams();
        INDArray flatParams = params.flatten().reshape(1, n);
        INDArray flatGrads = grads.flatten().reshape(1, n);
        INDArray work = flatGrads.dup();
        INDArray stateView = Nd4j.zeros(flatParams.dataType(), 1, 2 * n);
        GradientUpdater<?> adam = new Adam(lr).instantiate(stateView, true);
        for (int i = 0; i < o.warmupSteps() + o.timedSteps(); i++) {
            work.assign(flatGrads); // what backprop does: not timed
            long t0 = System.nanoTime();
            adam.applyUpdater(work, i, 0);
            flatParams.subi(work);
            long dt = System.nanoTime() - t0;
            if (i >= o.warmupSteps()) {
                times[at + i - o.warmupSteps()] = dt;
            }
        }
        long bytes = stateView.length() * stateView.dataType().width();
        if (o.release()) {
            flatParams.close();
            flatGrads.close();
            work.close();
            stateView.close();
        }
        return bytes;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** The optimizers of the issue with their goals (ratio to DL4J Adam): AdamW, Lion, Adam-atan2 1.5; Adafactor 2. */
    public static Map<String, Optimizer> issueOptimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        m.put("adamw", Optimizers.adamw(AdamWConfig.defaults().withLr(1e-3).withWeightDecay(0.0)));
        m.put("lion", Optimizers.lion(LionConfig.defaults()));
        m.put("adam-atan2", Optimizers.adamAtan2(AdamAtan2Config.defaults()));
        m.put("adafactor", Optimizers.adafactor(AdafactorConfig.defaults()));
        return m;
    }

    /** The goal for an optimizer of {@link #issueOptimizers()}, or NaN. */
    public static double goal(String name) {
        return switch (name) {
            case "adamw", "lion", "adam-atan2" -> 1.5;
            case "adafactor" -> 2.0;
            default -> Double.NaN;
        };
    }

    /**
     * Prints the table and, given an output folder, writes {@code step-cost.json} there
     * ({@code step-cost-no-release.json} with {@code --no-release}). Arguments:
     * {@code [OUT_DIR] [--no-release] [--repeats N]}.
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        Options o = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-release" -> o = new Options(o.warmupSteps(), o.timedSteps(), o.repeats(), false);
                case "--repeats" -> o = new Options(o.warmupSteps(), o.timedSteps(), Integer.parseInt(args[++i]),
                        o.release());
                default -> out = Path.of(args[i]);
            }
        }
        String omp = System.getenv("OMP_WAIT_POLICY");
        if (!"PASSIVE".equalsIgnoreCase(omp)) {
            System.err.println("warning: OMP_WAIT_POLICY is " + omp + ", not PASSIVE: ND4J ops may be 50x slower");
        }
        ParamTable params = mlpTable(1, 0.05);
        ParamTable grads = mlpTable(1000, 1e-3);
        List<Result> results = measure(issueOptimizers(), params, grads, 1e-3, o);

        System.out.printf(Locale.ROOT, "step cost, %,d float32 parameters, OMP_NUM_THREADS=%s, release=%s, %d x %d timed "
                        + "steps, median%n", params.numParams(), System.getenv("OMP_NUM_THREADS"), o.release(),
                o.repeats(), o.timedSteps());
        System.out.printf(Locale.ROOT, "%-11s %13s %17s %6s %12s%n", "optimizer", "ns_per_param", "over_dl4j_adam",
                "goal", "state_bytes");
        for (Result r : results) {
            double g = goal(r.name());
            String goal = Double.isNaN(g) ? "" : (r.overDl4jAdam() <= g ? "<=" : "> ") + g;
            System.out.printf(Locale.ROOT, "%-11s %13.3f %17.2f %6s %,12d%n", r.name(), r.nsPerParam(), r.overDl4jAdam(),
                    goal, r.stateBytes());
        }
        if (out != null) {
            Files.createDirectories(out);
            Path file = out.resolve(o.release() ? "step-cost.json" : "step-cost-no-release.json");
            Files.writeString(file, json(results, o));
            System.out.println("wrote " + file);
        }
    }

    /** Flat JSON: {@code <name>_ns_per_param}, {@code <name>_over_dl4j_adam}, {@code <name>_state_bytes}. */
    static String json(List<Result> results, Options o) {
        StringBuilder b = new StringBuilder("{\n");
        b.append(String.format(Locale.ROOT, "  \"params\": %d,%n  \"release\": %s,%n  \"omp_num_threads\": \"%s\",%n"
                        + "  \"omp_wait_policy\": \"%s\",%n  \"java\": \"%s\",%n  \"cores\": %d", results.get(0).params(),
                o.release(), System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        for (Result r : results) {
            String k = r.name().replace('-', '_');
            b.append(String.format(Locale.ROOT, ",%n  \"%s_ns_per_param\": %.4f", k, r.nsPerParam()));
            if (!r.name().equals(DL4J_ADAM)) {
                b.append(String.format(Locale.ROOT, ",%n  \"%s_over_dl4j_adam\": %.4f", k, r.overDl4jAdam()));
            }
            b.append(String.format(Locale.ROOT, ",%n  \"%s_state_bytes\": %d", k, r.stateBytes()));
        }
        return b.append("\n}\n").toString();
    }
}
