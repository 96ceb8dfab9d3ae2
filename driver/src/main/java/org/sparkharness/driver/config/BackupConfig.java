package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import org.sparkharness.driver.ps.BackupPolicy;
import org.sparkharness.driver.ps.dbw.DynamicBackup;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * How many of the n workers each round waits for. Config: {@code backup: {policy: none | static | dynamic}}; static
 * takes {@code b}, dynamic the fields of {@link Dynamic}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "policy")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BackupConfig.None.class, name = "none"),
    @JsonSubTypes.Type(value = BackupConfig.Static.class, name = "static"),
    @JsonSubTypes.Type(value = BackupConfig.Dynamic.class, name = "dynamic"),
})
public sealed interface BackupConfig extends Serializable {

    /**
     * The policy this config describes. {@code optimizerLr} is the server optimizer's learning rate (NaN when it has
     * none) and {@code plainSgd} whether it is SGD without momentum; only the dynamic policy uses them.
     */
    BackupPolicy policy(double optimizerLr, boolean plainSgd);

    /** Plain synchronous SGD: wait for all n workers (b = 0). */
    record None() implements BackupConfig {
        @Override
        public BackupPolicy policy(double optimizerLr, boolean plainSgd) { return new BackupPolicy.NoBackup(); }
    }

    /** Static backup workers (Chen et al., arXiv 1604.00981): wait for the fastest n − b. Default b = 1. */
    record Static(Integer b) implements BackupConfig {
        public Static {
            b = b == null ? 1 : b;
            if (b < 0) throw new ConfigException("b", b, "must be >= 0");
        }

        @Override
        public BackupPolicy policy(double optimizerLr, boolean plainSgd) { return new BackupPolicy.StaticBackup(b); }
    }

    /**
     * Dynamic Backup Workers (Xu, Neglia, Sebastianelli, arXiv 2004.14696): before each round choose k = n − b to
     * maximise the estimated loss decrease per unit of wall-clock time, Ĝ(k) / Ê[T(k)]
     * (docs/algorithms/parameter-server.md §3).
     *
     * @param progressModel how the expected loss decrease Ĝ(k) depends on k: {@code noise-scale} (default),
     *                      Ĝ(k) ∝ k / (k + B), B = V / ‖∇F‖² the gradient noise scale in workers (McCandlish et al.,
     *                      arXiv 1812.06162: progress of a well-tuned step with k·batch examples); or
     *                      {@code descent-bound}, Ĝ(k) = η(1 − Lη/2)‖∇F‖² − (Lη²/2)V/k, the L-smooth bound for
     *                      SGD, which needs L and η
     * @param warmupRounds  rounds at b = 0 (or minBackups) that seed the estimates; default 3, {@code >= 2}. Each
     *                      costs a full b = 0 round, and the censored time models need no uncensored rounds.
     * @param window        rounds of history the estimates use; default 50
     * @param emaDecay      per-round decay of the gradient-statistics averages; default 0.9, in (0, 1)
     * @param smoothness    the smoothness constant L; estimated from gradient secants when absent
     * @param learningRate  η in Ĝ(k); defaults to the optimizer's {@code lr} (required for Adafactor's relative step)
     * @param minBackups    lower bound on b; default 0
     * @param maxBackups    upper bound on b; default n/2 (a b near n trains on too little data per round;
     *                      docs/algorithms/parameter-server.md §3)
     * @param timeModel     {@code empirical} (per-worker Monte Carlo, default) or {@code shifted-exponential}
     *                      (i.i.d. censored fit, closed-form order statistics)
     * @param timeHalfLife  rounds after which a past round time counts half; default 20
     * @param draws         Monte Carlo draws of the empirical model; default 1000
     */
    record Dynamic(ProgressModel progressModel, Integer warmupRounds, Integer window, Double emaDecay, Double smoothness,
                   Double learningRate, Integer minBackups, Integer maxBackups, TimeModel timeModel, Double timeHalfLife,
                   Integer draws)
            implements BackupConfig {

        /** How the expected progress of a round that waits for k gradients is modelled; YAML names in lower case. */
        public enum ProgressModel {
            NOISE_SCALE("noise-scale"), DESCENT_BOUND("descent-bound");

            private final String yaml;

            ProgressModel(String yaml) { this.yaml = yaml; }

            /** The constant of a YAML name. */
            public static ProgressModel of(String yaml) { return YamlNames.of(ProgressModel.class, "progressModel", yaml); }

            @com.fasterxml.jackson.annotation.JsonValue
            @Override public String toString() { return yaml; }
        }

        /** How round times are modelled; YAML names in lower case. */
        public enum TimeModel {
            EMPIRICAL("empirical"), SHIFTED_EXPONENTIAL("shifted-exponential");

            private final String yaml;

            TimeModel(String yaml) { this.yaml = yaml; }

            /** The constant of a YAML name. */
            public static TimeModel of(String yaml) { return YamlNames.of(TimeModel.class, "timeModel", yaml); }

            @com.fasterxml.jackson.annotation.JsonValue
            @Override public String toString() { return yaml; }
        }

        public Dynamic {
            progressModel = progressModel == null ? ProgressModel.NOISE_SCALE : progressModel;
            warmupRounds = Check.positiveInt("warmupRounds", warmupRounds == null ? 3 : warmupRounds);
            if (warmupRounds < 2) throw new ConfigException("warmupRounds", warmupRounds,
                    "must be >= 2 (the smoothness secant needs two rounds)");
            window = Check.positiveInt("window", window == null ? 50 : window);
            if (window < warmupRounds) {
                throw new ConfigException("window", window, "must be >= warmupRounds (" + warmupRounds
                        + "): the policy leaves warm-up once the history holds warmupRounds rounds");
            }
            emaDecay = emaDecay == null ? 0.9 : emaDecay;
            if (!(emaDecay > 0 && emaDecay < 1)) {
                throw new ConfigException("emaDecay", emaDecay, "must be in (0, 1)");
            }
            if (smoothness != null) Check.positive("smoothness", smoothness);
            if (learningRate != null) Check.positive("learningRate", learningRate);
            minBackups = minBackups == null ? 0 : minBackups;
            if (minBackups < 0) throw new ConfigException("minBackups", minBackups, "must be >= 0");
            if (maxBackups != null && maxBackups < minBackups) {
                throw new ConfigException("maxBackups", maxBackups,
                        "must be >= minBackups (" + minBackups + ")");
            }
            timeModel = timeModel == null ? TimeModel.EMPIRICAL : timeModel;
            timeHalfLife = Check.positive("timeHalfLife", timeHalfLife == null ? 20.0 : timeHalfLife);
            draws = Check.positiveInt("draws", draws == null ? 1000 : draws);
        }

        /** Every field at its default. */
        public static Dynamic defaults() { return new Dynamic(null, null, null, null, null, null, null, null, null, null, null); }

        // Copies with one component replaced; the compact constructor validates each copy.
        public Dynamic withProgressModel(ProgressModel progressModel) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withWarmupRounds(int warmupRounds) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withWindow(int window) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withEmaDecay(double emaDecay) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withSmoothness(Double smoothness) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withLearningRate(Double learningRate) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withMinBackups(int minBackups) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withMaxBackups(Integer maxBackups) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withTimeModel(TimeModel timeModel) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withTimeHalfLife(double timeHalfLife) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        public Dynamic withDraws(int draws) {
            return new Dynamic(progressModel, warmupRounds, window, emaDecay, smoothness, learningRate, minBackups,
                    maxBackups, timeModel, timeHalfLife, draws);
        }

        @Override
        public BackupPolicy policy(double optimizerLr, boolean plainSgd) {
            double lr = learningRate != null ? learningRate : optimizerLr;
            boolean needsLr = progressModel == ProgressModel.DESCENT_BOUND;
            if (needsLr && !Double.isFinite(lr)) {
                throw new ConfigException("ps.backup.learningRate", null,
                        "is required with an optimizer that has no fixed lr (Adafactor's relative step)");
            }
            return new DynamicBackup(this, needsLr ? lr : Double.NaN, plainSgd);
        }
    }
}
