package org.sparkharness.driver.ps;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.rounds.Evaluation;
import org.sparkharness.driver.rounds.RoundLoop;
import org.sparkharness.driver.rounds.RoundServer;
import org.sparkharness.driver.rounds.StopRule;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointSection;
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
 * The synchronous parameter server (docs/algorithms/parameter-server.md §1): each round chooses k, runs the round on
 * the workers, averages the first k gradients (ΣG_i / Σm_i) and steps the optimizer; the shared {@link RoundLoop}
 * evaluates, logs and checkpoints on schedule. Spark stays behind {@link RoundExecutor} and the evaluator function,
 * so all of it is plain Java.
 */
public final class ParameterServer {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterServer.class);

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

    /** Runs rounds {@code start.round() + 1 … ps.rounds} on the shared {@link RoundLoop}. */
    public TrainingSummary train(Checkpoint start) {
        if (start.seed() != seed) {
            throw new IllegalArgumentException("checkpoint seed " + start.seed() + " differs from run.seed " + seed);
        }
        Rounds rounds = new Rounds(start);
        RoundLoop.Cadence cadence = new RoundLoop.Cadence(config.rounds(), config.evalEvery(), config.logEvery(),
                config.checkpointEvery(), new StopRule(config.stopAtAccuracy(), config.stopAtLoss()));
        RoundLoop.Result r = new RoundLoop(cadence, metrics, checkpoints, progress).run(rounds, start.round());
        return new TrainingSummary(r.lastRound(), rounds.params, ((TestEvaluation) r.lastEval()).result(),
                r.trainSeconds(), r.evalSeconds(), rounds.examples, rounds.rejected, r.secondsToTarget());
    }

    /** The parameter server's side of the loop: the state it carries from round to round. */
    private final class Rounds implements RoundServer<PsRoundEvent> {
        private final long startRound;
        private final RoundHistory history;
        private final CheckpointSection<RoundHistory> historySection = RoundHistory.section(policy.historyWindow());
        private final Duration timeout = Duration.ofSeconds(config.roundTimeoutSeconds());
        private INDArray previousFlat, previousMean;
        private GradientSum sum;
        private ParamTable params;
        private OptimizerState state;
        private long examples, rejected, skipped;

        Rounds(Checkpoint start) {
            startRound = start.round();
            history = start.section(historySection).orElseGet(() -> new RoundHistory(policy.historyWindow()));
            params = start.params();
            state = start.optimizerState();
            method.restoreState(start.sections());
        }

        @Override
        public String describe(long first, long last) {
            return String.format("training: %d workers, backup %s, optimizer %s, rounds %d..%d",
                    executor.workers(), policy.describe(), method.configured().name(), first, last);
        }

        @Override
        public PsRoundEvent play(long round) {
            int n = executor.workers();
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
            if (round - 1 > startRound) Release.replaced(params, state, next.params, next.state);
            params = next.params;
            state = next.state;
            examples += sum.count();
            rejected += outcome.rejected().size();
            double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
            history.add(RoundRecord.of(outcome, roundSeconds * 1e3, stats));
            return PsRoundEvent.of(round, outcome, sum, roundSeconds, decision, policy.usesGradientStatistics(),
                    stats, skippedNow, skipped);
        }

        @Override
        public Evaluation evaluate(long round) {
            return new TestEvaluation(evaluator.apply(layout.flatten(params)));
        }

        @Override
        public Checkpoint checkpoint(long round) {
            return new Checkpoint(round, seed, params, state, Map.of()).withRaw(method.saveState())
                    .with(historySection, history);
        }

        @Override
        public String progressLine(PsRoundEvent e, Evaluation eval, long lastRound) {
            return ParameterServer.progressLine(e, eval, lastRound);
        }
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

    static String progressLine(PsRoundEvent e, Evaluation eval, long lastRound) {
        StringBuilder b = new StringBuilder(String.format("round %d/%d  k=%d/%d  loss %.4f  round %.0f ms  %.0f ex/s",
                e.round(), lastRound, e.k(), e.n(), e.loss(), e.roundMs(), e.examplesPerS()));
        if (e.predictedRoundMs() != null) {
            b.append(String.format("  b=%d by DBW (predicted round %.0f ms)", e.b(), e.predictedRoundMs()));
        }
        // Never train on part of the data without a word: absent workers show from their first absent round.
        if (!e.failed().isEmpty()) b.append("  failed ").append(e.failed());
        if (!e.lost().isEmpty()) b.append("  LOST ").append(e.lost()).append(" (training without their shards)");
        if (!e.rejoined().isEmpty()) b.append("  rejoined ").append(e.rejoined());
        if (eval instanceof TestEvaluation t && !t.result().regression()) {
            b.append(String.format("  test acc %.2f%%  test loss %.4f", 100 * t.accuracy(), t.loss()));
        } else if (eval instanceof TestEvaluation t) {
            b.append(String.format("  test rmse %.4f  test mse %.4f", t.result().rmse(), t.loss()));
        }
        List<Integer> nonFinite = e.rejected().stream().filter(w -> !e.failed().contains(w) && !e.lost().contains(w))
                .toList();
        if (!nonFinite.isEmpty()) b.append("  rejected NaN/Inf from workers ").append(nonFinite);
        return b.toString();
    }
}
