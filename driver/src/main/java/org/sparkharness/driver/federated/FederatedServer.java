package org.sparkharness.driver.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sparkharness.driver.config.FederatedConfig;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.executors.client.ClientEvaluator;
import org.sparkharness.executors.client.ClientRunner;
import org.sparkharness.executors.client.ClientTask;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.RoundPlan;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * The federated round loop of docs/algorithms/federated.md §1: sample, configure, train the clients on Spark,
 * aggregate, evaluate, log, checkpoint. It holds only the global parameters; personal state lives in the client store.
 * The checkpoint is (round, seed, global parameters, byte counters): every draw is keyed by (seed, round), so that is
 * all a resume needs to continue exactly as an uninterrupted run.
 */
public final class FederatedServer {
    static final String BYTES_UP = "bytes_up_total";
    static final String BYTES_DOWN = "bytes_down_total";

    private final SparkClients clients;
    private final ClientRunner runner;
    private final ClientEvaluator evaluator;
    private final Strategy strategy;
    private final FederatedConfig config;
    private final long seed;
    private final ParamTable initialLocal;
    private final List<String> order;
    private final MetricsLog metrics;
    private final CheckpointStore checkpoints;
    private final Consumer<String> progress;

    /**
     * @param initialLocal starting local entries (pFedPara), empty table otherwise
     * @param order        trainable names in order
     * @param metrics      may be null (no log)
     * @param checkpoints  may be null (no checkpoints)
     */
    public FederatedServer(SparkClients clients, ClientRunner runner, ClientEvaluator evaluator, Strategy strategy,
                           FederatedConfig config, long seed, ParamTable initialLocal, List<String> order,
                           MetricsLog metrics, CheckpointStore checkpoints, Consumer<String> progress) {
        this.clients = clients;
        this.runner = runner;
        this.evaluator = evaluator;
        this.strategy = strategy;
        this.config = config;
        this.seed = seed;
        this.initialLocal = initialLocal;
        this.order = List.copyOf(order);
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.progress = progress;
    }

    /** A fresh run's starting checkpoint. */
    public static Checkpoint initial(long seed, ParamTable global) {
        return new Checkpoint(0, seed, global, OptimizerState.initial(Map.of()), Map.of(BYTES_UP, 0.0, BYTES_DOWN, 0.0));
    }

    public FederatedSummary run(Checkpoint start) {
        ParamTable global = start.params();
        long bytesUp = start.policyState().getOrDefault(BYTES_UP, 0.0).longValue();
        long bytesDown = start.policyState().getOrDefault(BYTES_DOWN, 0.0).longValue();
        long updates = 0, rejectedTotal = 0;
        EvalStats last = null;
        long t0 = System.nanoTime();
        progress.accept(String.format("federated: %s, %d clients, %d per round, E = %d, rounds %d..%d, %d Spark partitions",
                strategy.name(), config.clients(), config.clientsPerRound(), config.localEpochs(), start.round() + 1,
                config.rounds(), clients.partitions()));
        for (long t = start.round(); t < config.rounds(); t++) {
            long roundStart = System.nanoTime();
            int[] sampled = ClientSampler.sample(config.clients(), config.clientsPerRound(), seed, t);
            int[] stragglers = ClientSampler.stragglers(sampled, config.stragglers(), seed, t);
            TreeMap<Integer, ClientTask> tasks = new TreeMap<>();
            for (int c : sampled) {
                boolean straggler = Arrays.binarySearch(stragglers, c) >= 0;
                Optional<ClientTask> task = strategy.configure(t, c, straggler, config.localEpochs(), seed);
                task.ifPresent(x -> tasks.put(c, x));
            }
            RoundPlan plan = new RoundPlan(t, global, initialLocal, order, tasks, strategy.criticalRatio());
            long configured = System.nanoTime();
            List<ClientUpdate> results = tasks.isEmpty() ? List.of() : clients.train(runner, plan);
            long trained = System.nanoTime();

            List<ClientUpdate> accepted = new ArrayList<>();
            List<String> rejections = new ArrayList<>();
            long up = 0;
            for (ClientUpdate u : results) {
                String why = u.accepted() ? u.params().firstNonFinite().map(n -> "non-finite values in " + n).orElse(null)
                        : u.rejected();
                if (why != null) {
                    rejections.add("client " + u.client() + ": " + why);
                    continue;
                }
                accepted.add(u);
                up += 4 * u.params().numParams() + (u.mask() == null ? 0 : u.mask().bytes());
            }
            long down = 4L * global.numParams() * tasks.size();
            Strategy.Aggregate agg = strategy.aggregate(t, global, accepted);
            for (ClientUpdate u : results) NativeMemory.release(u.params()); // aggregated (or stored) by now
            if (agg.global() != global && global != start.params()) NativeMemory.release(global);
            global = agg.global();
            NativeMemory.relieve();
            long aggregated = System.nanoTime();
            bytesUp += up;
            bytesDown += down;
            updates += results.size();
            rejectedTotal += rejections.size();
            for (String r : rejections) progress.accept("round " + (t + 1) + ": rejected update from " + r);

            boolean evaluate = (t + 1) % config.evalEvery() == 0 || t + 1 == config.rounds();
            EvalStats eval = evaluate
                    ? EvalStats.of(clients.evaluate(evaluator, global, initialLocal, order, t + 1)) : null;
            if (eval != null) last = eval;
            long evaluated = System.nanoTime();

            Map<String, Object> e = new LinkedHashMap<>();
            e.put("round", t + 1);
            e.put("strategy", strategy.name());
            e.put("sampled", sampled.length);
            e.put("stragglers", stragglers.length);
            e.put("dropped", sampled.length - tasks.size());
            e.put("trained", results.size());
            e.put("accepted", accepted.size());
            e.put("rejected", rejections.size());
            double localLoss = weightedLoss(accepted);
            if (Double.isFinite(localLoss)) e.put("local_loss", localLoss);
            e.put("sample_epochs", results.stream().mapToLong(u -> (long) u.trainSize() * u.epochs()).sum());
            e.put("bytes_up", up);
            e.put("bytes_down", down);
            e.put("bytes_total", bytesUp + bytesDown);
            e.put("client_ms", ClientTimes.of(results).toMap());
            e.put("round_ms", (evaluated - roundStart) / 1e6);
            Map<String, Object> phases = new LinkedHashMap<>();
            phases.put("configure", (configured - roundStart) / 1e6);
            phases.put("train", (trained - configured) / 1e6);
            phases.put("aggregate", (aggregated - trained) / 1e6);
            phases.put("evaluate", (evaluated - aggregated) / 1e6);
            e.put("phase_ms", phases);
            e.putAll(agg.metrics());
            if (eval != null) {
                e.putAll(eval.toMap());
                e.put("personal_model", strategy.personalModel().name().toLowerCase(java.util.Locale.ROOT));
            }
            e.put("elapsed_s", (evaluated - t0) / 1e9);
            if (metrics != null) metrics.write(e);
            if ((t + 1) % config.checkpointEvery() == 0 || t + 1 == config.rounds()) {
                if (checkpoints != null) {
                    checkpoints.save(new Checkpoint(t + 1, seed, global, OptimizerState.initial(Map.of()),
                            Map.of(BYTES_UP, (double) bytesUp, BYTES_DOWN, (double) bytesDown)));
                }
            }
            if ((t + 1) % config.logEvery() == 0 || t + 1 == config.rounds()) progress.accept(line(t + 1, e, eval));
        }
        return new FederatedSummary(config.rounds(), global, last, bytesUp, bytesDown, updates, rejectedTotal,
                (System.nanoTime() - t0) / 1e9);
    }

    private static double weightedLoss(List<ClientUpdate> accepted) {
        double sum = 0, n = 0;
        for (ClientUpdate u : accepted) {
            sum += u.meanLoss() * u.trainSize();
            n += u.trainSize();
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private String line(long round, Map<String, Object> e, EvalStats eval) {
        StringBuilder b = new StringBuilder(String.format("round %4d/%d  trained %s/%s  local loss %.4f  %.0f ms  %s",
                round, config.rounds(), e.get("trained"), e.get("sampled"), localLossOrNaN(e),
                (double) e.get("round_ms"), human((long) e.get("bytes_total"))));
        if (eval != null) {
            b.append(String.format("  global acc %.2f%%  personal acc %.2f%%", 100 * eval.globalAccuracy(),
                    100 * eval.personalAccuracy()));
        }
        if ((int) e.get("rejected") > 0) b.append("  rejected ").append(e.get("rejected"));
        return b.toString();
    }

    private static double localLossOrNaN(Map<String, Object> e) {
        Object v = e.get("local_loss");
        return v == null ? Double.NaN : (double) v;
    }

    static String human(long bytes) {
        if (bytes < 1 << 20) return String.format("%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format("%.1f MiB", bytes / 1048576.0);
        return String.format("%.2f GiB", bytes / 1073741824.0);
    }
}
