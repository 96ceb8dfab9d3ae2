package org.sparkharness.driver.config;

import java.io.Serializable;
import org.sparkharness.executors.worker.NoStragglers;
import org.sparkharness.executors.worker.StragglerModel;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Parameter-server training. Defaults: workers 4, backup none, no stragglers, rounds 1000, evalEvery 100,
 * checkpointEvery 250, logEvery 25, roundTimeoutSeconds 300, no early stop. {@code stopAtAccuracy} ends training
 * at the first evaluation whose accuracy reaches it, {@code stopAtLoss} at the first whose mean loss falls to it.
 */
public record PsConfig(Integer workers, BackupConfig backup, StragglerModel stragglers, Integer rounds,
                       Integer evalEvery, Integer checkpointEvery, Integer logEvery, Integer roundTimeoutSeconds,
                       Double stopAtAccuracy, Double stopAtLoss)
        implements Serializable {
    public PsConfig {
        workers = Check.positiveInt("workers", workers == null ? 4 : workers);
        backup = backup == null ? new BackupConfig.None() : backup;
        if (backup instanceof BackupConfig.Static s && s.b() >= workers) {
            throw new ConfigException("backup.b", s.b(), "must be < ps.workers (" + workers + "): at least one result is needed");
        }
        if (backup instanceof BackupConfig.Dynamic d && d.minBackups() >= workers) {
            throw new ConfigException("backup.minBackups", d.minBackups(), "must be < ps.workers (" + workers + ")");
        }
        stragglers = stragglers == null ? new NoStragglers() : stragglers;
        rounds = Check.positiveInt("rounds", rounds == null ? 1000 : rounds);
        evalEvery = Check.positiveInt("evalEvery", evalEvery == null ? 100 : evalEvery);
        checkpointEvery = Check.positiveInt("checkpointEvery", checkpointEvery == null ? 250 : checkpointEvery);
        logEvery = Check.positiveInt("logEvery", logEvery == null ? 25 : logEvery);
        roundTimeoutSeconds = Check.positiveInt("roundTimeoutSeconds", roundTimeoutSeconds == null ? 300 : roundTimeoutSeconds);
        if (stopAtAccuracy != null) Check.inClosed("stopAtAccuracy", stopAtAccuracy, 0.0, 1.0);
        if (stopAtLoss != null) Check.nonNegative("stopAtLoss", stopAtLoss);
    }

    public static PsConfig defaults() { return new PsConfig(null, null, null, null, null, null, null, null, null, null); }

    /** A config without a loss target (the shape used before {@code stopAtLoss} existed). */
    public PsConfig(Integer workers, BackupConfig backup, StragglerModel stragglers, Integer rounds, Integer evalEvery,
                    Integer checkpointEvery, Integer logEvery, Integer roundTimeoutSeconds, Double stopAtAccuracy) {
        this(workers, backup, stragglers, rounds, evalEvery, checkpointEvery, logEvery, roundTimeoutSeconds,
                stopAtAccuracy, null);
    }
}
