package org.sparkharness.driver.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sparkharness.driver.config.FederatedConfig;
import org.sparkharness.driver.rounds.Evaluation;
import org.sparkharness.driver.rounds.RoundLoop;
import org.sparkharness.driver.rounds.RoundServer;
import org.sparkharness.driver.rounds.StopRule;
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
 * The federated coordinator of docs/algorithms/federated.md §1: each round samples clients, configures them, trains them (on Spark
 * or in process, {@link FederatedClients}) and aggregates; the shared {@link RoundLoop} evaluates, logs and
 * checkpoints. It holds only the global parameters; personal state lives in the client store. The checkpoint is
 * (round, seed, global parameters, {@link CommunicationTotals}): every draw is keyed by (seed, round), so that is all
 * a resume needs to continue exactly as an uninterrupted run.
 */
public final class FederatedServer {
    private final FederatedClients clients;
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
    public FederatedServer(FederatedClients clients, ClientRunner runner, ClientEvaluator evaluator, Strategy strategy,
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
        return Checkpoint.start(seed, global, OptimizerState.initial(Map.of())).with(CommunicationTotals.SECTION,
                CommunicationTotals.NONE);
    }

    /** Runs rounds {@code start.round() + 1 … federated.rounds} on the shared {@link RoundLoop}. */
    public FederatedSummary run(Checkpoint start) {
        Rounds rounds = new Rounds(start);
        RoundLoop.Cadence cadence = new RoundLoop.Cadence(config.rounds(), config.evalEvery(), config.logEvery(),
                config.checkpointEvery(), StopRule.NEVER);
        RoundLoop.Result r = new RoundLoop(cadence, metrics, checkpoints, progress).run(rounds, start.round());
        return new FederatedSummary(r.lastRound(), rounds.global, ((FederatedEvaluation) r.lastEval()).stats(),
                rounds.totals.bytesUp(), rounds.totals.bytesDown(), rounds.updates, rounds.rejected, r.seconds());
    }

    /** The coordinator's side of the loop: the global model and the run's counters. */
    private final class Rounds implements RoundServer<FederatedRoundEvent> {
        private final ParamTable startParams;
        private ParamTable global;
        private CommunicationTotals totals;
        private long updates, rejected;

        Rounds(Checkpoint start) {
            startParams = start.params();
            global = start.params();
            totals = CommunicationTotals.of(start);
        }

        @Override
        public String describe(long first, long last) {
            return String.format("federated: %s, %d clients, %d per round, E = %d, rounds %d..%d, %d partitions",
                    strategy.name(), config.clients(), config.clientsPerRound(), config.localEpochs(), first, last,
                    clients.partitions());
        }

        @Override
        public FederatedRoundEvent play(long round) {
            long t = round - 1; // draws and plans are keyed by the 0-based round
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
            if (agg.global() != global && global != startParams) NativeMemory.release(global);
            global = agg.global();
            NativeMemory.relieve();
            long aggregated = System.nanoTime();
            totals = totals.plus(up, down);
            updates += results.size();
            rejected += rejections.size();
            for (String r : rejections) progress.accept("round " + round + ": rejected update from " + r);

            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("configure", (configured - roundStart) / 1e6);
            phases.put("train", (trained - configured) / 1e6);
            phases.put("aggregate", (aggregated - trained) / 1e6);
            return new FederatedRoundEvent(round, strategy.name(), sampled.length, stragglers.length,
                    sampled.length - tasks.size(), results.size(), accepted.size(), rejections.size(),
                    weightedLoss(accepted), results.stream().mapToLong(u -> (long) u.trainSize() * u.epochs()).sum(),
                    up, down, totals.total(), ClientTimes.of(results), (aggregated - roundStart) / 1e6, phases,
                    agg.metrics());
        }

        @Override
        public Evaluation evaluate(long round) {
            EvalStats stats = EvalStats.of(clients.evaluate(evaluator, global, initialLocal, order, round));
            return new FederatedEvaluation(stats, strategy.personalModel().name().toLowerCase(Locale.ROOT));
        }

        @Override
        public Checkpoint checkpoint(long round) {
            return new Checkpoint(round, seed, global, OptimizerState.initial(Map.of()), Map.of())
                    .with(CommunicationTotals.SECTION, totals);
        }

        @Override
        public String progressLine(FederatedRoundEvent e, Evaluation eval, long lastRound) {
            return line(e, eval, lastRound);
        }
    }

    private static double weightedLoss(List<ClientUpdate> accepted) {
        double sum = 0, n = 0;
        for (ClientUpdate u : accepted) {
            sum += u.meanLoss() * u.trainSize();
            n += u.trainSize();
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String line(FederatedRoundEvent e, Evaluation eval, long lastRound) {
        StringBuilder b = new StringBuilder(String.format("round %4d/%d  trained %d/%d  local loss %.4f  %.0f ms  %s",
                e.round(), lastRound, e.trained(), e.sampled(), e.localLoss(), e.roundMs(), human(e.bytesTotal())));
        if (eval instanceof FederatedEvaluation f) {
            b.append(String.format("  global acc %.2f%%  personal acc %.2f%%", 100 * f.stats().globalAccuracy(),
                    100 * f.stats().personalAccuracy()));
        }
        if (e.rejected() > 0) b.append("  rejected ").append(e.rejected());
        return b.toString();
    }

    static String human(long bytes) {
        if (bytes < 1 << 20) return String.format("%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format("%.1f MiB", bytes / 1048576.0);
        return String.format("%.2f GiB", bytes / 1073741824.0);
    }
}
