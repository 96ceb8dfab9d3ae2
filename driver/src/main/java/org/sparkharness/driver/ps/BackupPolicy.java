package org.sparkharness.driver.ps;

import java.util.Map;
import org.sparkharness.driver.config.BackupConfig;

/**
 * Decides how many of the n launched workers a round waits for (k = n − b). A pure function of the round history,
 * so it is tested without Spark.
 */
public interface BackupPolicy {

    /**
     * A choice of k with what it was based on.
     *
     * @param estimates what the policy estimated, logged with the round (empty for fixed policies)
     */
    record Decision(int k, String reason, Map<String, Object> estimates) {
        public Decision {
            estimates = Map.copyOf(estimates);
        }
    }

    /** k for the next round, always in [1, launched], and why. */
    Decision decide(int launched, RoundHistory history);

    /** k for the next round; always in [1, launched]. */
    default int awaitCount(int launched, RoundHistory history) { return decide(launched, history).k(); }

    /** Whether the round loop must compute {@link GradientStats} from the individual worker gradients. */
    default boolean usesGradientStatistics() { return false; }

    /** Rounds of history the policy looks at. */
    default int historyWindow() { return 50; }

    String describe();

    /**
     * The policy for {@code config}. {@code optimizerLr} is the server optimizer's learning rate (NaN when it has
     * none) and {@code plainSgd} whether it is SGD without momentum; only the dynamic policy uses them.
     */
    static BackupPolicy from(BackupConfig config, double optimizerLr, boolean plainSgd) {
        return config.policy(optimizerLr, plainSgd);
    }

    /** A fixed policy; {@link #from(BackupConfig, double, boolean)} for the dynamic one. */
    static BackupPolicy from(BackupConfig config) { return from(config, Double.NaN, false); }

    /** b = 0: plain synchronous SGD. */
    record NoBackup() implements BackupPolicy {
        @Override public Decision decide(int launched, RoundHistory history) { return new Decision(launched, "b = 0", Map.of()); }
        @Override public String describe() { return "none (b = 0)"; }
    }

    /** Fixed b (Chen et al. 2016, arXiv 1604.00981): wait for the fastest n − b. */
    record StaticBackup(int b) implements BackupPolicy {
        public StaticBackup {
            if (b < 0) throw new IllegalArgumentException("b must be >= 0, got " + b);
        }
        @Override public Decision decide(int launched, RoundHistory history) {
            return new Decision(Math.max(1, launched - b), "static", Map.of());
        }
        @Override public String describe() { return "static (b = " + b + ")"; }
    }
}
