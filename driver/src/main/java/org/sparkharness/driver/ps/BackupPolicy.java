package org.sparkharness.driver.ps;

import org.sparkharness.driver.config.BackupConfig;

/**
 * Decides how many of the n launched workers a round waits for (k = n − b). A pure function of the round history,
 * so it is tested without Spark.
 */
public interface BackupPolicy {
    /** k for the next round; always in [1, launched]. */
    int awaitCount(int launched, RoundHistory history);

    String describe();

    static BackupPolicy from(BackupConfig config) {
        if (config instanceof BackupConfig.None) return new NoBackup();
        if (config instanceof BackupConfig.Static s) return new StaticBackup(s.b());
        throw new IllegalArgumentException("no policy for " + config);
    }

    /** b = 0: plain synchronous SGD. */
    record NoBackup() implements BackupPolicy {
        @Override public int awaitCount(int launched, RoundHistory history) { return launched; }
        @Override public String describe() { return "none (b = 0)"; }
    }

    /** Fixed b (Chen et al. 2016, arXiv 1604.00981): wait for the fastest n − b. */
    record StaticBackup(int b) implements BackupPolicy {
        public StaticBackup {
            if (b < 0) throw new IllegalArgumentException("b must be >= 0, got " + b);
        }
        @Override public int awaitCount(int launched, RoundHistory history) { return Math.max(1, launched - b); }
        @Override public String describe() { return "static (b = " + b + ")"; }
    }
}
