package org.sparkharness.driver.ps;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;
import org.sparkharness.driver.run.MetricsLog;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.optimizers.NonFiniteException;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * The synchronous parameter-server round loop (docs/algorithms/parameter-server.md §1): choose k, run the round on the
 * workers, average the first k gradients (ΣG_i / Σm_i), step the optimizer, then evaluate, log and checkpoint on
 * schedule.
 * Spark stays behind {@link RoundExecutor} and the evaluator function, so the loop itself is plain Java.
 */
public final class ParameterServer {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterServer.class);
    /** Checkpoint key of the round history, so a resumed dynamic policy keeps its estimates. */
    static final String HISTORY_STATE = "backup.history";

    private final RoundExecutor executor;
    private final Function<INDArray, EvalResult> evaluator;
    private final NetworkAdapter layout;
    private final TrainingMethod method;
    private final Optimizer optimizer;
    private final BackupPolicy policy;
    private final PsConfig config;
    private final long seed;
    private final MetricsLog metrics;
    private final CheckpointStore checkpoints;
    private final Consumer<String> progress;

    /**
     * @param layout      a network of the trained model; only its parameter layout is used (flat ↔ named)
     * @param metrics     may be null (no metrics file)
     * @param checkpoints may be null (no checkpoints)
     */
    public ParameterServer(RoundExecutor executor, Function<INDArray, EvalResult> evaluator, NetworkAdapter layout,
                           TrainingMethod method, BackupPolicy policy, PsConfig config, long seed,
                           MetricsLog metrics, CheckpointStore checkpoints, Consumer<String> progress) {
        this.executor = executor;
        this.evaluator = evaluator;
        this.layout = layout;
        this.method = method;
        this.optimizer = method.serverOptimizer();
        this.policy = policy;
        this.config = config;
        this.seed = seed;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.progress = progress;
    }

    /** Runs rounds {@code start.round() + 1 … ps.rounds}. */
    public TrainingSummary train(Checkpoint start) {
        if (start.seed() != seed) {
            throw new IllegalArgumentException("checkpoint seed " + start.seed() + " differs from run.seed " + seed);
        }
        int n = executor.workers();
        Duration timeout = Duration.ofSeconds(config.roundTimeoutSeconds());
        byte[] savedHistory = start.methodState().get(HISTORY_STATE);
        RoundHistory history = savedHistory != null ? RoundHistory.fromBytes(savedHistory, policy.historyWindow())
                : new RoundHistory(policy.historyWindow());
        INDArray previousFlat = null, previousMean = null;
        GradientSum sum = null;
        ParamTable params = start.params();
        OptimizerState state = start.optimizerState();
        method.restoreState(start.methodState());
        EvalResult lastEval = null;
        long examples = 0, rejected = 0, skipped = 0, round = start.round(), evalNanos = 0;
        double secondsToTarget = Double.NaN;
        long t0 = System.nanoTime();
        progress.accept(String.format("training: %d workers, backup %s, optimizer %s, rounds %d..%d",
                n, policy.describe(), method.configured().name(), round + 1, config.rounds()));
        while (round < config.rounds()) {
            round++;
            long roundStart = System.nanoTime();
            BackupPolicy.Decision decision = policy.decide(n, history);
            int k = decision.k();
            if (k < 1 || k > n) throw new IllegalStateException(policy.describe() + " chose k = " + k + " of " + n);
            INDArray flat = layout.flatten(params);
            // Accepted gradients are added to one running sum as they arrive and freed; results keep the rest.
            if (sum == null) sum = new GradientSum(flat.length());
            sum.clear();
            RoundOutcome outcome = executor.run(round - 1, method.input(round - 1, flat, state), k, timeout, sum);
            List<WorkerResult> results = outcome.accepted().stream().map(Arrival::result).toList();
            INDArray mean = sum.meanGradient();
            GradientStats stats = null;
            if (policy.usesGradientStatistics()) {
                // DBW's V̂ from the workers' own gradient norms: two passes here whatever k is.
                stats = GradientStats.of(sum, mean, flat, previousMean, previousFlat);
                Release.close(previousMean);
                previousMean = mean.dup();
                previousFlat = flat;
            }
            method.absorb(round - 1, results);
            long skippedNow = results.stream().filter(WorkerResult::skipped).count();
            skipped += skippedNow;
            OptimizerStepResult next = step(round, params, state, mean);
            // Nothing holds the previous step's arrays now (the last checkpoint was written synchronously).
            if (round - 1 > start.round()) Release.replaced(params, state, next.params, next.state);
            params = next.params;
            state = next.state;
            examples += sum.count();
            rejected += outcome.rejected().size();
            double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
            history.add(RoundRecord.of(outcome, roundSeconds * 1e3, stats));

            Map<String, Object> event = roundEvent(round, outcome, sum, roundSeconds, (System.nanoTime() - t0) / 1e9);
            if (!decision.estimates().isEmpty()) {
                event.put("predicted_round_ms", decision.estimates().get("predicted_round_ms"));
                event.put("dbw", new TreeMap<>(decision.estimates()));
            } else if (policy.usesGradientStatistics()) {
                event.put("dbw", Map.of("reason", decision.reason()));
            }
            if (stats != null) event.put("gradient_stats", stats);
            if (skipped > 0) {
                // Sven skips minibatches whose Jacobian is all zero: say how often, so it is not silent.
                event.put("skipped_batches", skippedNow);
                event.put("skipped_batches_total", skipped);
            }
            boolean last = round == config.rounds();
            if (round % config.evalEvery() == 0 || last) {
                long e0 = System.nanoTime();
                lastEval = evaluator.apply(layout.flatten(params));
                if (lastEval.regression()) {
                    event.put("test_rmse", lastEval.rmse());
                } else {
                    event.put("test_accuracy", lastEval.accuracy());
                }
                event.put("test_loss", lastEval.meanLoss());
                evalNanos += System.nanoTime() - e0;
                event.put("eval_ms", (System.nanoTime() - e0) / 1e6);
                boolean reached = config.stopAtAccuracy() != null && lastEval.accuracy() >= config.stopAtAccuracy()
                        || config.stopAtLoss() != null && lastEval.meanLoss() <= config.stopAtLoss();
                if (reached && Double.isNaN(secondsToTarget)) {
                    secondsToTarget = (System.nanoTime() - t0 - evalNanos) / 1e9;
                    last = true;
                }
            }
            if (metrics != null) metrics.write(event);
            boolean eventful = !outcome.failed().isEmpty() || !outcome.lost().isEmpty() || !outcome.rejoined().isEmpty();
            if (round % config.logEvery() == 0 || event.containsKey("test_loss") || last || eventful) {
                progress.accept(progressLine(round, outcome, sum, roundSeconds, event));
            }
            if (checkpoints != null && (round % config.checkpointEvery() == 0 || last)) {
                Map<String, byte[]> saved = new TreeMap<>(method.saveState());
                saved.put(HISTORY_STATE, history.toBytes());
                checkpoints.save(new Checkpoint(round, seed, params, state, Map.of(), saved));
            }
            if (last) break;
        }
        double seconds = (System.nanoTime() - t0 - evalNanos) / 1e9;
        if (lastEval == null) lastEval = evaluator.apply(layout.flatten(params));
        return new TrainingSummary(round, params, lastEval, seconds, evalNanos / 1e9, examples, rejected, secondsToTarget);
    }

    private record OptimizerStepResult(ParamTable params, OptimizerState state) {}

    /** One optimizer step on the round's mean gradient {@code mean} (released here). */
    private OptimizerStepResult step(long round, ParamTable params, OptimizerState state, INDArray mean) {
        ParamTable grads = layout.table(mean);
        Release.close(mean);
        Optimizer.Step s = optimizer.update(params, grads, state);
        Release.all(grads);
        Optional<String> bad = s.params().firstNonFinite();
        if (bad.isPresent()) {
            // Finite gradients can still diverge (learning rate too high): stop before a bad checkpoint is written.
            throw new NonFiniteException(bad.get(), round, "parameters after the optimizer step");
        }
        return new OptimizerStepResult(s.params(), s.state());
    }

    private static Map<String, Object> roundEvent(long round, RoundOutcome o, GradientSum sum, double roundSeconds,
                                                  double elapsed) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("round", round);
        e.put("n", o.launched());
        e.put("k", o.awaited());
        e.put("b", o.launched() - o.awaited());
        e.put("accepted", o.acceptedWorkers());
        e.put("rejected", o.rejected());
        e.put("cancelled", o.cancelled());
        e.put("late_ignored", o.lateIgnored());
        e.put("failed", o.failed());
        e.put("lost", o.lost());
        e.put("rejoined", o.rejoined());
        e.put("round_ms", roundSeconds * 1e3);
        e.put("wait_ms", o.cutoffNanos() / 1e6);
        Map<String, Double> arrivals = new TreeMap<>();
        o.arrivals().forEach(a -> arrivals.put(Integer.toString(a.worker()), a.arrivalMillis()));
        e.put("arrival_ms", arrivals);
        // Each accepted worker's own compute time: what is left of the round is transport, waiting and the driver.
        Map<String, Double> compute = new TreeMap<>();
        o.accepted().forEach(x -> compute.put(Integer.toString(x.worker()), x.result().computeNanos() / 1e6));
        e.put("compute_ms", compute);
        e.put("loss", sum.meanLoss());
        e.put("examples", sum.count());
        e.put("examples_per_s", sum.count() / roundSeconds);
        e.put("elapsed_s", elapsed);
        return e;
    }

    private String progressLine(long round, RoundOutcome o, GradientSum sum, double roundSeconds,
                                Map<String, Object> event) {
        StringBuilder b = new StringBuilder(String.format("round %d/%d  k=%d/%d  loss %.4f  round %.0f ms  %.0f ex/s",
                round, config.rounds(), o.awaited(), o.launched(), sum.meanLoss(), roundSeconds * 1e3,
                sum.count() / roundSeconds));
        if (event.containsKey("predicted_round_ms")) {
            b.append(String.format("  b=%d by DBW (predicted round %.0f ms)", o.launched() - o.awaited(),
                    (double) event.get("predicted_round_ms")));
        }
        // Never train on part of the data without a word: absent workers show from their first absent round.
        if (!o.failed().isEmpty()) b.append("  failed ").append(o.failed());
        if (!o.lost().isEmpty()) b.append("  LOST ").append(o.lost()).append(" (training without their shards)");
        if (!o.rejoined().isEmpty()) b.append("  rejoined ").append(o.rejoined());
        if (event.containsKey("test_accuracy")) {
            b.append(String.format("  test acc %.2f%%  test loss %.4f",
                    100 * (double) event.get("test_accuracy"), (double) event.get("test_loss")));
        } else if (event.containsKey("test_rmse")) {
            b.append(String.format("  test rmse %.4f  test mse %.4f",
                    (double) event.get("test_rmse"), (double) event.get("test_loss")));
        }
        List<Integer> nonFinite = o.rejected().stream().filter(w -> !o.failed().contains(w) && !o.lost().contains(w))
                .toList();
        if (!nonFinite.isEmpty()) b.append("  rejected NaN/Inf from workers ").append(nonFinite);
        return b.toString();
    }
}
