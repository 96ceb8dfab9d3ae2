package org.sparkharness.driver.ps;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.LocalRule;
import org.sparkharness.executors.worker.PlainGradient;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.SharpnessAwareGradient;
import org.sparkharness.executors.worker.SvenDirection;
import org.sparkharness.executors.worker.TrajectoryGradient;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.optimizers.LogitMemory;
import org.sparkharness.optimizers.Mesa;
import org.sparkharness.optimizers.ObjectiveOptimizer;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.SafSchedule;
import org.sparkharness.optimizers.Sgd;
import org.sparkharness.optimizers.config.FirstOrderConfig;
import org.sparkharness.optimizers.config.MesaConfig;
import org.sparkharness.optimizers.config.OptimizerConfig;
import org.sparkharness.optimizers.config.SafConfig;
import org.sparkharness.optimizers.config.SamConfig;
import org.sparkharness.optimizers.config.SgdConfig;
import org.sparkharness.optimizers.config.SvenConfig;

/** Maps an {@code optimizer:} config to its {@link TrainingMethod}: the one place that knows the split. */
public final class TrainingMethods {
    private TrainingMethods() {}

    /**
     * What the method needs to know about the run.
     *
     * @param shardSizes rows in each worker's shard (shards are fixed for a run: rows sorted by example id)
     * @param batchSize  per-worker minibatch size
     * @param seed       run seed (minibatches are drawn from it, see {@link BatchSampler})
     * @param numClasses classes of the classifier (logit width)
     * @param flatten    named parameters → the network's flat layout
     */
    public record RunShape(int[] shardSizes, int batchSize, long seed, int numClasses,
                           Function<ParamTable, INDArray> flatten) {
        public RunShape {
            shardSizes = shardSizes.clone();
            Objects.requireNonNull(flatten, "flatten");
        }

        EpochClock clock() {
            return new EpochClock(shardSizes, batchSize);
        }

        /** Position of worker {@code w}'s first row when the shards are laid end to end. */
        long offset(int w) {
            long o = 0;
            for (int i = 0; i < w; i++) o += shardSizes[i];
            return o;
        }

        long totalRows() {
            return offset(shardSizes.length);
        }
    }

    /** A first-order optimizer on the server over plain worker gradients. */
    public static TrainingMethod firstOrder(Optimizer optimizer) {
        return new ServerSide(new PlainGradient(), optimizer, optimizer);
    }

    /**
     * The registrations, one per kind of optimizer config: a first-order optimizer is covered by its interface and
     * needs none; a method with its own worker rule or server state adds one line. {@code TrainingMethodsTest} checks
     * that every config the sealed {@link OptimizerConfig} permits is covered exactly once.
     */
    static final List<Registration<?>> METHODS = List.of(
            register(FirstOrderConfig.class, (c, shape) -> firstOrder(c.build())),
            register(SamConfig.class, (c, shape) -> new ServerSide(new SharpnessAwareGradient(c.rho(), c.adaptive()),
                    c.base().build(), c.build())),
            // Workers return their Sven directions; the server steps θ ← θ − lr·mean(δ), which is plain SGD.
            register(SvenConfig.class, (c, shape) -> new ServerSide(new SvenDirection(c.k(), c.rtol(), c.kappa(), c.tol()),
                    new Sgd(SgdConfig.of(c.lr())), c.build())),
            register(SafConfig.class, SafMethod::new),
            register(MesaConfig.class, MesaMethod::new));

    /** The method for {@code config}. */
    public static TrainingMethod of(OptimizerConfig config, RunShape shape) {
        for (Registration<?> r : METHODS) {
            if (r.type().isInstance(config)) return r.build(config, shape);
        }
        throw new IllegalArgumentException("no training method for optimizer config " + config.getClass().getSimpleName()
                + ": register one in TrainingMethods.METHODS");
    }

    private static <C extends OptimizerConfig> Registration<C> register(Class<C> type,
                                                                       BiFunction<C, RunShape, TrainingMethod> factory) {
        return new Registration<>(type, factory);
    }

    /** How configs of {@code type} (a record or an interface over several) become a method. */
    record Registration<C extends OptimizerConfig>(Class<C> type, BiFunction<C, RunShape, TrainingMethod> factory) {
        TrainingMethod build(OptimizerConfig config, RunShape shape) {
            return factory.apply(type.cast(config), shape);
        }
    }

    /** Workers compute {@code rule}; the server applies {@code server} to the average. */
    record ServerSide(LocalRule rule, Optimizer serverOptimizer, ObjectiveOptimizer configured)
            implements TrainingMethod {}

    /** SAF and MESA: the trajectory term on the workers, the wrapping optimizer on the server. */
    private abstract static class TrajectoryMethod implements TrainingMethod {
        private final Optimizer optimizer;
        private final LocalRule rule;

        TrajectoryMethod(Optimizer optimizer, LocalRule rule) {
            this.optimizer = optimizer;
            this.rule = rule;
        }

        @Override
        public LocalRule rule() {
            return rule;
        }

        @Override
        public Optimizer serverOptimizer() {
            return optimizer;
        }

        @Override
        public ObjectiveOptimizer configured() {
            return optimizer;
        }
    }

    /** MESA: the EMA teacher is part of the optimizer state and is broadcast while the loss term is active. */
    static final class MesaMethod extends TrajectoryMethod {
        private final MesaConfig config;
        private final EpochClock clock;
        private final Function<ParamTable, INDArray> flatten;

        MesaMethod(MesaConfig config, RunShape shape) {
            super(config.build(), new TrajectoryGradient(config.tau(), config.lambda(), false));
            this.config = config;
            this.clock = shape.clock();
            this.flatten = shape.flatten();
        }

        @Override
        public RoundInput input(long round, INDArray flatParams, OptimizerState state) {
            return config.active(clock.epoch(0, round))
                    ? new RoundInput(round, flatParams, flatten.apply(Mesa.teacher(state)), Map.of())
                    : RoundInput.of(round, flatParams);
        }
    }

    /**
     * SAF: each round the server looks up, for every worker's minibatch (known in advance from the seed), the
     * logits recorded E epochs earlier, and records the logits the accepted workers return. Examples of cancelled
     * workers are simply not recorded that epoch; their term is masked out E epochs later.
     *
     * <p>The memory is indexed by an example's position (its worker's offset plus its row in the shard), not by its
     * id: ids of a user's table are arbitrary 64-bit values, while positions are dense and, since every shard is
     * sorted by id, the same in every run.
     */
    static final class SafMethod extends TrajectoryMethod {
        private static final String MEMORY = "saf-logit-memory";
        private final SafConfig config;
        private final RunShape shape;
        private final EpochClock clock;
        private LogitMemory memory;

        SafMethod(SafConfig config, RunShape shape) {
            super(config.build(), new TrajectoryGradient(config.tau(), config.lambda(), true));
            this.config = config;
            this.shape = shape;
            this.clock = shape.clock();
            this.memory = new LogitMemory(Math.toIntExact(shape.totalRows()), config.schedule(), shape.numClasses());
        }

        @Override
        public RoundInput input(long round, INDArray flatParams, OptimizerState state) {
            SafSchedule schedule = config.schedule();
            Map<Integer, RoundInput.PastLogits> past = new java.util.HashMap<>();
            for (int w = 0; w < shape.shardSizes().length; w++) {
                long epoch = clock.epoch(w, round);
                if (!schedule.active(epoch)) continue;
                LogitMemory.Lookup l = memory.read(batchPositions(w, round), epoch);
                past.put(w, new RoundInput.PastLogits(l.past(), l.mask()));
            }
            return new RoundInput(round, flatParams, null, past);
        }

        @Override
        public void absorb(long round, List<WorkerResult> accepted) {
            for (WorkerResult r : accepted) {
                if (r.logits() == null) continue;
                memory.record(batchPositions(r.worker(), round), clock.epoch(r.worker(), round), r.logits());
            }
        }

        /** The memory slots of {@code worker}'s minibatch in {@code round}, in the row order its logits come back. */
        private long[] batchPositions(int worker, long round) {
            int[] rows = BatchSampler.indices(shape.seed(), worker, round, shape.shardSizes()[worker], shape.batchSize());
            long offset = shape.offset(worker);
            long[] out = new long[rows.length];
            for (int i = 0; i < rows.length; i++) out[i] = offset + rows[i];
            return out;
        }

        @Override
        public Map<String, byte[]> saveState() {
            return Map.of(MEMORY, memory.toBytes());
        }

        @Override
        public void restoreState(Map<String, byte[]> state) {
            byte[] bytes = state.get(MEMORY);
            if (bytes != null) memory = LogitMemory.fromBytes(bytes);
        }
    }
}
