package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.federated.FederateJob;
import org.sparkharness.driver.federated.FederatedSummary;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.spark.SparkSetup;

/**
 * {@code scripts/bench federated}: the federated goals of issue 5 / docs/algorithms/federated.md §10, each as a
 * comparison inside one run on one machine.
 * <ul>
 *   <li><b>fedprox</b>: Synthetic(1,1), 30 clients, 10 per round, E = 20, B = 10, SGD 0.01, 90 % stragglers, for
 *       each data seed FedAvg (drops stragglers), FedProx μ = 0 and μ = 1 (keep partial work); final global accuracy.
 *       Also the throughput in client updates per second of training time.</li>
 *   <li><b>fedcac</b>: Fashion-MNIST, Fling-style Dirichlet(0.1), 40 clients × 500 / 100, full participation;
 *       personalised accuracy of FedCAC against FedAvg and FedProx (global model on each client's test split).</li>
 *   <li><b>fedpara</b>: Fashion-MNIST shards (2 per client), 100 clients, 10 per round; bytes communicated until
 *       the global accuracy first reaches 95 % of the dense model's final accuracy, dense over FedPara, for an MLP
 *       (784-200-200-10) and a CNN 16c5-32c5-256-10 (the CNN evaluates on 20 test images per client, 2,000
 *       pooled, to fit a 2-core budget). Knobs: FEDPARA_MODELS=mlp,cnn, FEDPARA_{MLP,CNN}_{GAMMA,LR,ROUNDS,
 *       TEST_PER_CLIENT} (GAMMA may be a comma list: one dense run, one FedPara run per γ), FEDPARA_CNN_SHAPE=
 *       conv1,conv2,dense, FEDPARA_CLIENTS_PER_ROUND, FEDPARA_EVAL_EVERY.</li>
 * </ul>
 * Every run gets a run folder (metrics.jsonl, report.html) under {@code OUT/federated-runs}.
 */
public final class FederatedBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FederatedBench() {}

    record Run(String section, String name, long seed, double globalAccuracy, double personalAccuracy,
               double trainLoss, long bytesTotal, long bytesToTarget, int roundsToTarget, double seconds,
               double trainSeconds, long clientUpdates, long sampleEpochs, String runDir, List<Eval> curve) {}

    /** One evaluation of a run: the round, the global accuracy and the bytes communicated up to that round. */
    record Eval(int round, double accuracy, long bytes) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: FederatedBench OUT_DIR DATA_DIR");
        Path out = Path.of(args[0]);
        String data = args[1];
        Path runs = out.resolve("federated-runs");
        Files.createDirectories(runs);
        List<String> sections = List.of(env("SECTIONS", "fedprox,fedcac,fedpara").split(","));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cores", Runtime.getRuntime().availableProcessors());
        List<Run> all = new ArrayList<>();
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSetup.conf("bench-federated", "local[*]",
                Map.of("spark.ui.enabled", "false")))) {
            jsc.setLogLevel("ERROR");
            if (sections.contains("fedprox")) report.put("fedprox", fedprox(jsc, runs, all));
            if (sections.contains("fedcac")) report.put("fedcac", fedcac(jsc, runs, data, all));
            if (sections.contains("fedpara")) report.put("fedpara", fedpara(jsc, runs, data, all));
        }
        report.put("runs", all);
        Files.writeString(out.resolve("federated.json"), JSON.writeValueAsString(report));
        System.out.println(table(report, all));
        System.out.println("wrote " + out.resolve("federated.json") + "; run folders under " + runs);
    }

    // ---- FedProx on Synthetic(1,1) -------------------------------------------------------------------------------

    static Map<String, Object> fedprox(JavaSparkContext jsc, Path runs, List<Run> all) throws Exception {
        List<Long> seeds = longs(env("FEDPROX_SEEDS", "1,2,3"));
        int rounds = Integer.parseInt(env("FEDPROX_ROUNDS", "200"));
        double stragglers = Double.parseDouble(env("FEDPROX_STRAGGLERS", "0.9"));
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        long updates = 0, sampleEpochs = 0;
        double trainSeconds = 0;
        for (long seed : seeds) {
            for (String[] m : new String[][] {{"fedavg", "{ type: fedavg }"}, {"fedprox-mu0", "{ type: fedprox, mu: 0 }"},
                    {"fedprox-mu1", "{ type: fedprox, mu: 1 }"}}) {
                String yaml = """
                        run: { name: bench-fedprox-%s, seed: %d, output: %s }
                        model: { type: logistic }
                        optimizer: { type: sgd, lr: 0.01 }
                        federated: { clients: 30, clientsPerRound: 10, rounds: %d, localEpochs: 20, batchSize: 10,
                          stragglers: %s, evalEvery: 20, checkpointEvery: 50, logEvery: 100000,
                          partition: { type: synthetic, alpha: 1, beta: 1 }, strategy: %s }
                        """.formatted(m[0], seed, runs, rounds, stragglers, m[1]);
                Run r = run(jsc, "fedprox", m[0], seed, yaml, -1);
                all.add(r);
                acc.computeIfAbsent(m[0], k -> new ArrayList<>()).add(r.globalAccuracy());
                if (m[0].equals("fedprox-mu1")) {
                    updates += r.clientUpdates();
                    trainSeconds += r.trainSeconds();
                    sampleEpochs += r.sampleEpochs();
                }
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("setup", "synthetic(1,1), 30 clients, K=10, E=20, B=10, SGD lr 0.01, " + rounds + " rounds, stragglers "
                + stragglers + ", data seeds " + seeds + "; final global accuracy on all clients' pooled test splits");
        for (var e : acc.entrySet()) s.put(e.getKey() + "_accuracy", e.getValue());
        double avg = mean(acc.get("fedavg")), mu0 = mean(acc.get("fedprox-mu0")), mu1 = mean(acc.get("fedprox-mu1"));
        s.put("fedprox_minus_fedavg_pp", 100 * (mu1 - avg));
        s.put("fedprox_mu0_minus_fedavg_pp", 100 * (mu0 - avg));
        List<Double> perSeed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) perSeed.add(100 * (acc.get("fedprox-mu1").get(i) - acc.get("fedavg").get(i)));
        s.put("fedprox_minus_fedavg_pp_per_seed", perSeed);
        s.put("client_updates_per_s", updates / trainSeconds);
        s.put("sample_epochs_per_s", sampleEpochs / trainSeconds);
        s.put("throughput_note", "FedProx mu=1 runs, client updates (E=20, B=10) per second of the training phase, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        return s;
    }

    // ---- FedCAC personalisation -----------------------------------------------------------------------------------

    static Map<String, Object> fedcac(JavaSparkContext jsc, Path runs, String data, List<Run> all) throws Exception {
        int rounds = Integer.parseInt(env("FEDCAC_ROUNDS", "30"));
        int clients = Integer.parseInt(env("FEDCAC_CLIENTS", "40"));
        long seed = Long.parseLong(env("FEDCAC_SEED", "1"));
        int beta = Math.max(1, rounds / 3);
        Map<String, Double> personal = new LinkedHashMap<>();
        for (String[] m : new String[][] {{"fedcac", "{ type: fedcac, tau: 0.5, beta: " + beta + " }"},
                {"fedavg", "{ type: fedavg }"}, {"fedprox", "{ type: fedprox, mu: 0.01 }"}}) {
            String yaml = """
                    run: { name: bench-fedcac-%s, seed: %d, output: %s }
                    data: { dir: %s }
                    model: { type: mlp, hidden: [200] }
                    optimizer: { type: sgd, lr: 0.05, momentum: 0.9 }
                    federated: { clients: %d, rounds: %d, localEpochs: 1, batchSize: 50, evalEvery: 5,
                      evalTrainLoss: false, checkpointEvery: 10, logEvery: 100000,
                      partition: { type: dirichlet, alpha: 0.1, trainPerClient: 500, testPerClient: 100 },
                      strategy: %s }
                    """.formatted(m[0], seed, runs, data, clients, rounds, m[1]);
            Run r = run(jsc, "fedcac", m[0], seed, yaml, -1);
            all.add(r);
            personal.put(m[0], r.personalAccuracy());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("setup", "Fashion-MNIST, Dirichlet(0.1) Fling-style, " + clients + " clients x 500/100, full participation, "
                + "MLP 784-200-10, SGD 0.05 momentum 0.9, E=1, B=50, " + rounds + " rounds, tau 0.5, beta " + beta
                + "; personalised accuracy = mean over clients of their own model on their own test split (FedAvg "
                + "and FedProx: the global model)");
        s.put("personal_accuracy", personal);
        s.put("fedcac_minus_fedavg_pp", 100 * (personal.get("fedcac") - personal.get("fedavg")));
        s.put("fedcac_minus_fedprox_pp", 100 * (personal.get("fedcac") - personal.get("fedprox")));
        return s;
    }

    // ---- FedPara bytes to target ----------------------------------------------------------------------------------

    static Map<String, Object> fedpara(JavaSparkContext jsc, Path runs, String data, List<Run> all) throws Exception {
        List<String> models = List.of(env("FEDPARA_MODELS", "mlp,cnn").split(","));
        int perRound = Integer.parseInt(env("FEDPARA_CLIENTS_PER_ROUND", "10"));
        int evalEvery = Integer.parseInt(env("FEDPARA_EVAL_EVERY", "1"));
        Map<String, Object> s = new LinkedHashMap<>();
        if (models.contains("mlp")) {
            bytesToTarget(s, jsc, runs, data, all, "mlp", "{ type: mlp, hidden: [200, 200] }",
                    doubles(env("FEDPARA_MLP_GAMMA", "0.1")), Double.parseDouble(env("FEDPARA_MLP_LR", "0.05")),
                    Integer.parseInt(env("FEDPARA_MLP_ROUNDS", "100")), perRound, evalEvery,
                    Integer.parseInt(env("FEDPARA_MLP_TEST_PER_CLIENT", "100")));
            s.put("fedpara_bytes_saving_mlp", ((Map<?, ?>) s.get("mlp")).get("saving"));
        }
        if (models.contains("cnn")) {
            // conv1, conv2 (5x5 kernels, 2x2 max pooling after each), dense width; see docs/benchmarks.md for the
            // per-layer parameter arithmetic behind the default.
            List<Double> shape = doubles(env("FEDPARA_CNN_SHAPE", "16,32,256"));
            String model = String.format(Locale.ROOT, "{ type: cnn, conv1: %d, conv2: %d, dense: %d }",
                    shape.get(0).intValue(), shape.get(1).intValue(), shape.get(2).intValue());
            bytesToTarget(s, jsc, runs, data, all, "cnn", model, doubles(env("FEDPARA_CNN_GAMMA", "0.1")),
                    Double.parseDouble(env("FEDPARA_CNN_LR", "0.05")), Integer.parseInt(env("FEDPARA_CNN_ROUNDS", "20")),
                    perRound, evalEvery, Integer.parseInt(env("FEDPARA_CNN_TEST_PER_CLIENT", "20")));
            s.put("fedpara_bytes_saving_cnn", ((Map<?, ?>) s.get("cnn")).get("saving"));
        }
        return s;
    }

    /**
     * One dense FedAvg run and one FedPara run per γ in {@code gammas}, on the same protocol (seed, rounds, clients,
     * learning rate). The first γ is reported under {@code tag}; further ones (a tuning sweep) under
     * {@code tag_gamma_<γ>}, each against the same dense target.
     */
    static void bytesToTarget(Map<String, Object> out, JavaSparkContext jsc, Path runs, String data, List<Run> all,
                              String tag, String model, List<Double> gammas, double lr, int rounds, int perRound,
                              int evalEvery, int testPerClient) throws Exception {
        String template = """
                run: { name: bench-fedpara-%s-%s, seed: 3, output: %s }
                data: { dir: %s }
                model: %s
                optimizer: { type: sgd, lr: %s }
                federated: { clients: 100, clientsPerRound: %d, rounds: %d, localEpochs: 1, batchSize: 20,
                  evalEvery: %d, evalTrainLoss: false, checkpointEvery: 10, logEvery: 100000,
                  partition: { type: shards, shardsPerClient: 2, testPerClient: %d }, strategy: %s }
                """;
        Run dense = run(jsc, "fedpara", tag + "-dense", 3, template.formatted(tag, "dense", runs, data, model, lr,
                perRound, rounds, evalEvery, testPerClient, "{ type: fedavg }"), -1);
        double target = 0.95 * dense.globalAccuracy();
        dense = withTarget(dense, target);
        all.add(dense);
        boolean first = true;
        for (double gamma : gammas) {
            String name = first ? "fedpara" : "fedpara-g" + gamma;
            Run fp = run(jsc, "fedpara", tag + "-" + name, 3, template.formatted(tag, name, runs, data, model, lr,
                    perRound, rounds, evalEvery, testPerClient, "{ type: fedpara, gamma: " + gamma + " }"), target);
            all.add(fp);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("setup", "Fashion-MNIST shards 2/client, 100 clients, " + perRound + " per round, E=1, B=20, SGD " + lr
                    + ", " + rounds + " rounds, eval every " + evalEvery + " round(s) on " + testPerClient
                    + " test images per client (pooled), model " + model + ", FedPara gamma " + gamma
                    + "; target = 95 % of the dense model's final global accuracy; bytes = both directions, 4 B per value");
            s.put("gamma", gamma);
            s.put("lr", lr);
            s.put("target_accuracy", target);
            s.put("dense_final_accuracy", dense.globalAccuracy());
            s.put("fedpara_final_accuracy", fp.globalAccuracy());
            s.put("final_gap_pp", 100 * (dense.globalAccuracy() - fp.globalAccuracy()));
            s.put("dense_last5_mean_accuracy", lastMean(dense, 5));
            s.put("fedpara_last5_mean_accuracy", lastMean(fp, 5));
            s.put("dense_bytes_to_target", dense.bytesToTarget());
            s.put("fedpara_bytes_to_target", fp.bytesToTarget());
            s.put("dense_rounds_to_target", dense.roundsToTarget());
            s.put("fedpara_rounds_to_target", fp.roundsToTarget());
            s.put("bytes_per_round_ratio", (double) dense.bytesTotal() / fp.bytesTotal());
            s.put("saving", fp.bytesToTarget() > 0 && dense.bytesToTarget() > 0
                    ? (double) dense.bytesToTarget() / fp.bytesToTarget() : null);
            s.put("dense_seconds_per_round", dense.seconds() / rounds);
            s.put("fedpara_seconds_per_round", fp.seconds() / rounds);
            out.put(first ? tag : tag + "_gamma_" + gamma, s);
            first = false;
        }
    }

    /** Mean global accuracy over the last {@code n} evaluations of a run's curve (the final one included). */
    private static double lastMean(Run r, int n) {
        List<Eval> c = r.curve();
        return c.subList(Math.max(0, c.size() - n), c.size()).stream().mapToDouble(Eval::accuracy).average()
                .orElse(Double.NaN);
    }

    // ---- running and reading runs ---------------------------------------------------------------------------------

    static Run run(JavaSparkContext jsc, String section, String name, long seed, String yaml, double target)
            throws Exception {
        HarnessConfig cfg = ConfigLoader.parse(yaml, List.of());
        FederateJob job = new FederateJob(cfg, line -> {});
        RunDirectory dir = RunDirectory.create(cfg.run().output(), cfg.run().name());
        FederatedSummary s = job.run(jsc, dir, false);
        Run r = read(section, name, seed, s, dir, target);
        System.out.printf(Locale.ROOT, "%-8s %-16s seed %d  global %.2f%%  personal %.2f%%  %.1f MiB  %.1f s%n",
                section, name, seed, 100 * r.globalAccuracy(), 100 * r.personalAccuracy(), r.bytesTotal() / 1048576.0,
                r.seconds());
        return r;
    }

    static Run read(String section, String name, long seed, FederatedSummary s, RunDirectory dir, double target)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        double trainMs = 0;
        long sampleEpochs = 0;
        long bytesToTarget = -1;
        int roundsToTarget = -1;
        List<Eval> curve = new ArrayList<>();
        for (String line : dir.readText("metrics.jsonl").split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = json.readTree(line);
            trainMs += e.path("phase_ms").path("train").asDouble();
            sampleEpochs += e.path("sample_epochs").asLong();
            if (e.has("global_accuracy")) {
                curve.add(new Eval(e.get("round").asInt(), e.get("global_accuracy").asDouble(), e.get("bytes_total").asLong()));
            }
            if (target > 0 && bytesToTarget < 0 && e.has("global_accuracy") && e.get("global_accuracy").asDouble() >= target) {
                bytesToTarget = e.get("bytes_total").asLong();
                roundsToTarget = e.get("round").asInt();
            }
        }
        return new Run(section, name, seed, s.lastEval().globalAccuracy(), s.lastEval().personalAccuracy(),
                s.lastEval().trainLoss(), s.bytesUp() + s.bytesDown(), bytesToTarget, roundsToTarget, s.seconds(),
                trainMs / 1e3, s.clientUpdates(), sampleEpochs, dir.root().toString(), curve);
    }

    /** The dense run read again against the target derived from its own final accuracy. */
    private static Run withTarget(Run r, double target) throws Exception {
        RunDirectory dir = RunDirectory.at(r.runDir());
        ObjectMapper json = new ObjectMapper();
        for (String line : dir.readText("metrics.jsonl").split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = json.readTree(line);
            if (e.has("global_accuracy") && e.get("global_accuracy").asDouble() >= target) {
                return new Run(r.section(), r.name(), r.seed(), r.globalAccuracy(), r.personalAccuracy(), r.trainLoss(),
                        r.bytesTotal(), e.get("bytes_total").asLong(), e.get("round").asInt(), r.seconds(),
                        r.trainSeconds(), r.clientUpdates(), r.sampleEpochs(), r.runDir(), r.curve());
            }
        }
        return r;
    }

    // ---- report ---------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report, List<Run> runs) {
        StringBuilder b = new StringBuilder("\n| section | run | seed | global acc | personal acc | MiB total | MiB to target | s |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f %% | %.2f %% | %.1f | %s | %.1f |%n", r.section(),
                    r.name(), r.seed(), 100 * r.globalAccuracy(), 100 * r.personalAccuracy(), r.bytesTotal() / 1048576.0,
                    r.bytesToTarget() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.bytesToTarget() / 1048576.0),
                    r.seconds()));
        }
        b.append("\n| goal | value | target |\n|---|---|---|\n");
        Map<String, Object> p = (Map<String, Object>) report.get("fedprox");
        if (p != null) {
            goal(b, "fedprox_minus_fedavg_pp (90 % stragglers, mean of seeds)", p.get("fedprox_minus_fedavg_pp"), ">= 8");
            goal(b, "fedprox_mu0_minus_fedavg_pp", p.get("fedprox_mu0_minus_fedavg_pp"), ">= 5 (spec G1)");
            goal(b, "client_updates_per_s (E=20, B=10)", p.get("client_updates_per_s"), "report; spec G5 >= 180 on 2 cores");
        }
        Map<String, Object> c = (Map<String, Object>) report.get("fedcac");
        if (c != null) {
            goal(b, "fedcac_minus_fedavg_pp", c.get("fedcac_minus_fedavg_pp"), ">= 10");
            goal(b, "fedcac_minus_fedprox_pp", c.get("fedcac_minus_fedprox_pp"), ">= 10");
        }
        Map<String, Object> f = (Map<String, Object>) report.get("fedpara");
        if (f != null) {
            goal(b, "fedpara_bytes_saving_mlp", f.get("fedpara_bytes_saving_mlp"), ">= 2");
            goal(b, "fedpara_bytes_saving_cnn", f.get("fedpara_bytes_saving_cnn"), ">= 3");
            if (f.get("mlp") instanceof Map<?, ?> m) goal(b, "fedpara_mlp_final_gap_pp", m.get("final_gap_pp"), "<= 1");
            b.append("\n| fedpara run | γ | lr | dense final | FedPara final | per-round ratio | dense MiB (rounds) to target "
                    + "| FedPara MiB (rounds) to target | saving | s/round dense, FedPara |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (var e : f.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> m)) continue;
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f %% | %.2f %% | %.2f× | %s | %s | %s | %.1f, %.1f |%n",
                        e.getKey(), m.get("gamma"), m.get("lr"), 100 * (Double) m.get("dense_final_accuracy"),
                        100 * (Double) m.get("fedpara_final_accuracy"), (Double) m.get("bytes_per_round_ratio"),
                        toTarget((Long) m.get("dense_bytes_to_target"), (Integer) m.get("dense_rounds_to_target")),
                        toTarget((Long) m.get("fedpara_bytes_to_target"), (Integer) m.get("fedpara_rounds_to_target")),
                        m.get("saving") == null ? "not reached" : String.format(Locale.ROOT, "%.2f×", (Double) m.get("saving")),
                        (Double) m.get("dense_seconds_per_round"), (Double) m.get("fedpara_seconds_per_round")));
            }
        }
        return b.toString();
    }

    private static String toTarget(long bytes, int rounds) {
        return bytes < 0 ? "not reached" : String.format(Locale.ROOT, "%.1f (%d)", bytes / 1048576.0, rounds);
    }

    private static void goal(StringBuilder b, String name, Object value, String target) {
        b.append("| ").append(name).append(" | ")
                .append(value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value))
                .append(" | ").append(target).append(" |\n");
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static List<Double> doubles(String csv) {
        List<Double> out = new ArrayList<>();
        for (String s : csv.split(",")) out.add(Double.parseDouble(s.trim()));
        return out;
    }

    private static List<Long> longs(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) out.add(Long.parseLong(s.trim()));
        return out;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
