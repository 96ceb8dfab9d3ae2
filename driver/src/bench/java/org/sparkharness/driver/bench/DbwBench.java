package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.config.BackupConfig;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.data.Shards;
import org.sparkharness.driver.ps.BackupPolicy;
import org.sparkharness.driver.ps.ParameterServer;
import org.sparkharness.driver.ps.TrainingMethod;
import org.sparkharness.driver.ps.TrainingMethods;
import org.sparkharness.driver.ps.TrainingSummary;
import org.sparkharness.driver.report.RunReport;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.ps.RoundExecutor;
import org.sparkharness.driver.spark.CachedShards;
import org.sparkharness.driver.spark.PersistentRoundExecutor;
import org.sparkharness.driver.spark.SparkRoundExecutor;
import org.sparkharness.driver.spark.SparkSetup;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.PhaseChange;
import org.sparkharness.executors.worker.ShiftedExponential;
import org.sparkharness.executors.worker.SlowWorkers;
import org.sparkharness.executors.worker.Spikes;
import org.sparkharness.executors.worker.StragglerModel;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * {@code scripts/bench dbw}: time to a target training loss for b = 0, static b ∈ {1, 2, 4, 8} and the dynamic
 * policy, n = 16 workers on Spark {@code local[16]} (one task slot per worker, so all n run at once), Fashion-MNIST
 * MLP 784-256-128-10, plain SGD, under the straggler scenarios of docs/algorithms/parameter-server.md §4. The training
 * loss is measured on a fixed 4,096-example subset of the training set, on the driver, every {@value #EVAL_EVERY}
 * rounds, and the target counts as reached when the mean of the last {@value #SMOOTHING} such losses is at most the
 * target; the clock excludes these evaluations. Every run writes its own run folder with metrics.jsonl; the dynamic
 * runs also get report.html and the backup-worker plots.
 */
public final class DbwBench {
    static final int WORKERS = 16, BATCH = 16, EVAL_EXAMPLES = 4096, EVAL_EVERY = 5, SMOOTHING = 3;
    static final double LR = 0.1;
    static final MlpSpec MODEL = new MlpSpec(List.of(256, 128), "relu");
    static final List<Integer> STATIC_B = List.of(1, 2, 4, 8);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Bench settings, from the environment of scripts/bench. */
    record Settings(List<String> scenarios, int seeds, double targetLoss, int maxRounds, int switchRound,
                    List<String> policies) {
        static Settings fromEnv() {
            return new Settings(
                    List.of(env("SCENARIOS", "shifted-exponential,slow-workers,spikes,phase-change").split(",")),
                    Integer.parseInt(env("SEEDS", "3")), Double.parseDouble(env("TARGET_LOSS", "0.60")),
                    Integer.parseInt(env("MAX_ROUNDS", "600")), Integer.parseInt(env("SWITCH_ROUND", "60")),
                    List.of(env("POLICIES", "b0,b1,b2,b4,b8,dynamic").split(",")));
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The straggler model of a scenario (delays in ms; compute per worker is ≈ 1 ms, an empty round ≈ 20 ms). */
    static StragglerModel scenario(String name, int switchRound) {
        StragglerModel s1 = new ShiftedExponential(0L, 40.0);
        return switch (name) {
            case "none" -> new NoStragglers();
            case "shifted-exponential" -> s1;
            // Two of the sixteen workers take 150 ms more every round, everyone has a light exponential tail.
            case "slow-workers" -> new SlowWorkers(List.of(0, 1), 150L, 1.0, new ShiftedExponential(0L, 5.0));
            // Rare long delays: 5 % of worker-rounds add 300 ms (≈ 10 × a round), on a light exponential tail.
            case "spikes" -> new Spikes(0.05, 300L, new ShiftedExponential(0L, 5.0));
            case "phase-change" -> new PhaseChange((long) switchRound, s1, new NoStragglers());
            default -> throw new IllegalArgumentException("unknown scenario '" + name
                    + "' (shifted-exponential, slow-workers, spikes, phase-change, none)");
        };
    }

    static BackupConfig policy(String name) {
        if (name.equals("b0")) return new BackupConfig.None();
        if (name.equals("dynamic")) return BackupConfig.Dynamic.defaults();
        if (name.matches("b\\d+")) return new BackupConfig.Static(Integer.parseInt(name.substring(1)));
        throw new IllegalArgumentException("unknown policy '" + name + "' (b0, b<N>, dynamic)");
    }

    record RunResult(String scenario, long seed, String policy, double seconds, long rounds, boolean reached,
                     double finalLoss, double meanB, double[] meanBByQuarter, String runDir) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: DbwBench OUT_DIR DATA_DIR");
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Settings settings = Settings.fromEnv();
        LabeledImages train = FashionMnist.load(args[1], Split.TRAIN);
        WorkerShard evalShard = Shards.split(Shards.limit(train, EVAL_EXAMPLES), 1, 0).get(0);
        List<RunResult> results = new ArrayList<>();
        Path runs = out.resolve("dbw-runs");
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-dbw", "local[" + WORKERS + "]",
                Map.of("spark.ui.enabled", "false")))) {
            jsc.setLogLevel("ERROR");
            for (int seed = 0; seed < settings.seeds(); seed++) {
                JavaRDD<WorkerShard> shards = CachedShards.of(jsc, Shards.split(train, WORKERS, seed), "dbw shards");
                if (seed == 0) {
                    // JIT, network pools and cached blocks warm up before anything is timed.
                    run(jsc, shards, evalShard, "none", seed, "b0", scenario("none", 0), 40, 0.0, null);
                }
                for (String sc : settings.scenarios()) {
                    for (String p : settings.policies()) {
                        RunResult r = run(jsc, shards, evalShard, sc, seed, p, scenario(sc, settings.switchRound()),
                                settings.maxRounds(), settings.targetLoss(), runs);
                        results.add(r);
                        System.out.printf(Locale.ROOT, "%-20s seed %d %-8s %s  rounds %4d  mean b %.2f  loss %.4f%n",
                                sc, seed, p, r.reached() ? String.format(Locale.ROOT, "%7.2f s", r.seconds())
                                        : "  never  ", r.rounds(), r.meanB(), r.finalLoss());
                    }
                }
                shards.unpersist(false);
            }
        }
        Map<String, Object> report = report(settings, results);
        Files.writeString(out.resolve("dbw.json"), JSON.writeValueAsString(report));
        System.out.println(table(report));
        System.out.println("wrote " + out.resolve("dbw.json") + "; run folders under " + runs);
    }

    /**
     * The round engine under test: {@code ENGINE=persistent} (the default: one job of long-lived worker tasks, arrival
     * times from the workers' pushes) or {@code ENGINE=jobs} (one Spark job per round). Evaluation runs in the bench's
     * own thread on a fixed shard, so the workers get empty test partitions.
     */
    static RoundExecutor executor(JavaSparkContext jsc, JavaRDD<WorkerShard> shards, GradientTask task, EvalTask eval) {
        if (env("ENGINE", "persistent").equals("jobs")) return new SparkRoundExecutor(jsc, shards, task);
        JavaRDD<WorkerShard> noTest = jsc.<WorkerShard>emptyRDD().repartition(shards.getNumPartitions());
        return new PersistentRoundExecutor(jsc, shards, noTest, task, eval, 0, Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofMinutes(1), 3, Duration.ofMinutes(2));
    }

    static RunResult run(JavaSparkContext jsc, JavaRDD<WorkerShard> shards, WorkerShard evalShard, String scenario,
                         long seed, String policyName, StragglerModel stragglers, int maxRounds, double target,
                         Path runs) {
        InputShape input = InputShape.fashionMnist();
        NetworkAdapter layout = new NetworkAdapter(MODEL.network(input, seed));
        SgdConfig sgd = SgdConfig.of(LR);
        TrainingMethod method = TrainingMethods.firstOrder(sgd.build());
        BackupConfig backup = policy(policyName);
        PsConfig ps = new PsConfig(WORKERS, backup, stragglers, maxRounds, EVAL_EVERY, Integer.MAX_VALUE,
                Integer.MAX_VALUE, 120, null, target, null, null, null, null, null, null);
        BackupPolicy policy = BackupPolicy.from(backup, LR, true);
        GradientTask task = new GradientTask(MODEL, input, BATCH, seed, stragglers, method.rule());
        EvalTask eval = new EvalTask(MODEL, input, 1024);
        RunDirectory dir = runs == null ? null
                : RunDirectory.create(runs.toString(), scenario + "-seed" + seed + "-" + policyName);
        MetricsLog metrics = dir == null ? null : MetricsLog.open(dir.fs(), dir.file("metrics.jsonl"), 0);
        TrainingSummary s;
        try {
            try (RoundExecutor executor = executor(jsc, shards, task, eval)) {
                ParameterServer server = new ParameterServer(executor, smoothed(flat -> eval.run(evalShard, flat)),
                        layout, method, policy, ps, seed, metrics, null, line -> {});
                s = server.train(new Checkpoint(0, seed, layout.params(),
                        method.serverOptimizer().init(layout.params()), Map.of()));
            }
        } finally {
            if (metrics != null) metrics.close();
        }
        double[] quarters = new double[4];
        double meanB = Double.NaN;
        if (dir != null) {
            double[] b = readB(dir);
            meanB = Arrays.stream(b).average().orElse(Double.NaN);
            for (int q = 0; q < 4; q++) {
                quarters[q] = Arrays.stream(b, b.length * q / 4, Math.max(b.length * q / 4 + 1, b.length * (q + 1) / 4))
                        .average().orElse(Double.NaN);
            }
            if (policyName.equals("dynamic")) RunReport.write(dir.root().toString());
        }
        boolean reached = !Double.isNaN(s.secondsToTarget());
        return new RunResult(scenario, seed, policyName, reached ? s.secondsToTarget() : Double.POSITIVE_INFINITY,
                s.rounds(), reached, s.lastEval().meanLoss(), meanB, quarters, dir == null ? null : dir.root().toString());
    }

    /**
     * The evaluator with its loss replaced by the mean over the last {@value #SMOOTHING} evaluations: SGD's loss
     * jitters by ±0.05 from round to round at this step size, and a first crossing of a jittery curve would make
     * the time to target mostly noise.
     */
    static java.util.function.Function<org.nd4j.linalg.api.ndarray.INDArray, EvalResult> smoothed(
            java.util.function.Function<org.nd4j.linalg.api.ndarray.INDArray, EvalResult> raw) {
        java.util.ArrayDeque<Double> last = new java.util.ArrayDeque<>();
        return flat -> {
            EvalResult r = raw.apply(flat);
            last.addLast(r.meanLoss());
            if (last.size() > SMOOTHING) last.removeFirst();
            double mean = last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            return new EvalResult(r.correct(), r.count(), mean * r.count());
        };
    }

    private static double[] readB(RunDirectory dir) {
        String text = dir.readText("metrics.jsonl");
        List<Double> b = new ArrayList<>();
        try {
            for (String line : text.split("\n")) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                if (n.has("b")) b.add(n.get("b").asDouble());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Medians over seeds per scenario and policy, and the goal ratios. Unreached targets count as +∞. */
    static Map<String, Object> report(Settings settings, List<RunResult> results) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workers", WORKERS);
        r.put("batch_per_worker", BATCH);
        r.put("model", "mlp 784-256-128-10, sgd lr " + LR);
        r.put("target_train_loss", settings.targetLoss());
        r.put("seeds", settings.seeds());
        r.put("max_rounds", settings.maxRounds());
        r.put("phase_change_switch_round", settings.switchRound());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (String sc : settings.scenarios()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("straggler_model", scenario(sc, settings.switchRound()).toString());
            Map<String, Double> medians = new LinkedHashMap<>();
            Map<String, Object> perPolicy = new LinkedHashMap<>();
            for (String p : settings.policies()) {
                List<RunResult> rs = results.stream().filter(x -> x.scenario().equals(sc) && x.policy().equals(p)).toList();
                double med = median(rs.stream().mapToDouble(RunResult::seconds).toArray());
                medians.put(p, med);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("median_seconds", Double.isInfinite(med) ? null : med);
                d.put("seconds", rs.stream().map(x -> x.reached() ? x.seconds() : null).toList());
                d.put("rounds", rs.stream().map(RunResult::rounds).toList());
                d.put("mean_b", rs.stream().map(RunResult::meanB).toList());
                if (p.equals("dynamic")) {
                    d.put("mean_b_by_quarter", rs.stream().map(RunResult::meanBByQuarter).toList());
                    d.put("run_dirs", rs.stream().map(RunResult::runDir).toList());
                }
                perPolicy.put(p, d);
            }
            s.put("policies", perPolicy);
            String bestStatic = null;
            for (String p : settings.policies()) {
                if (p.matches("b[1-9]\\d*") && (bestStatic == null || medians.get(p) < medians.get(bestStatic))) bestStatic = p;
            }
            Double dyn = medians.get("dynamic"), b0 = medians.get("b0");
            if (dyn != null && bestStatic != null) {
                s.put("best_static", bestStatic);
                s.put("dynamic_over_best_static", ratio(dyn, medians.get(bestStatic)));
            }
            if (dyn != null && b0 != null) s.put("b0_over_dynamic", ratio(b0, dyn));
            if (dyn != null) {
                double bestOther = medians.entrySet().stream().filter(e -> !e.getKey().equals("dynamic"))
                        .mapToDouble(Map.Entry::getValue).min().orElse(Double.POSITIVE_INFINITY);
                s.put("dynamic_strictly_best", dyn < bestOther);
            }
            scenarios.put(sc, s);
        }
        r.put("scenarios", scenarios);
        return r;
    }

    private static Double ratio(double a, double b) {
        double q = a / b;
        return Double.isFinite(q) ? q : null;
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report) {
        StringBuilder t = new StringBuilder();
        Map<String, Object> scenarios = (Map<String, Object>) report.get("scenarios");
        List<String> policies = null;
        for (Map.Entry<String, Object> e : scenarios.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            Map<String, Object> per = (Map<String, Object>) s.get("policies");
            if (policies == null) {
                policies = new ArrayList<>(per.keySet());
                t.append(String.format("%nmedian seconds to train loss <= %s (n = %s, %s seeds)%n",
                        report.get("target_train_loss"), report.get("workers"), report.get("seeds")));
                t.append(String.format("| %-20s |", "scenario"));
                for (String p : policies) t.append(String.format(" %8s |", p));
                t.append(" dyn/best static | b0/dyn | dyn best |\n|");
                t.append("-".repeat(22)).append("|");
                for (String ignored : policies) t.append("-".repeat(10)).append("|");
                t.append("-----------------|--------|----------|\n");
            }
            t.append(String.format("| %-20s |", e.getKey()));
            for (String p : policies) {
                Object m = ((Map<String, Object>) per.get(p)).get("median_seconds");
                t.append(m == null ? String.format(" %8s |", "never") : String.format(Locale.ROOT, " %8.2f |", (Double) m));
            }
            t.append(String.format(Locale.ROOT, " %15s | %6s | %8s |%n", fmt(s.get("dynamic_over_best_static")),
                    fmt(s.get("b0_over_dynamic")), s.getOrDefault("dynamic_strictly_best", "")));
        }
        return t.toString();
    }

    private static String fmt(Object ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", (Double) ratio);
    }

    private DbwBench() {}
}
