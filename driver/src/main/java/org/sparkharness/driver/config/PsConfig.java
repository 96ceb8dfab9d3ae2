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
 *
 * @param engine how rounds run: {@code persistent} (the default: one job of n long-lived tasks serves every round,
 *               exchanging parameters and results with an endpoint on the driver) or {@code jobs} (one Spark job per
 *               round, kept for comparison and as a fallback)
 * @param port   the persistent engine's driver endpoint port; null or 0: any free port
 * @param rejoinTimeoutSeconds persistent engine: how long a round that needs every worker (b = 0) waits for a lost
 *               worker's restarted task before it goes on without it (default 60)
 * @param maxWorkerFailures persistent engine: rounds in a row a worker's computation may throw before its task
 *               ends so that Spark retries it (default 3)
 * @param workerTimeoutSeconds persistent engine: a worker with no result this long into a round is taken for hung:
 *               its task attempt is killed, Spark starts another, and the round goes on without it (default 120)
 * @param startupTimeoutSeconds how long training waits for the cluster to grant one task slot per worker and for
 *               the persistent worker tasks to connect, before it fails naming what was granted (default 300)
 */
public record PsConfig(Integer workers, BackupConfig backup, StragglerModel stragglers, Integer rounds,
                       Integer evalEvery, Integer checkpointEvery, Integer logEvery, Integer roundTimeoutSeconds,
                       Double stopAtAccuracy, Double stopAtLoss, Engine engine, Integer port,
                       Integer rejoinTimeoutSeconds, Integer maxWorkerFailures, Integer workerTimeoutSeconds,
                       Integer startupTimeoutSeconds)
        implements Serializable {
    /** How rounds run; YAML names in lower case. */
    public enum Engine {
        /** One Spark job per round. */
        JOBS("jobs"),
        /** One job of n long-lived tasks for the whole run. */
        PERSISTENT("persistent");

        private final String yaml;

        Engine(String yaml) { this.yaml = yaml; }

        @com.fasterxml.jackson.annotation.JsonValue
        @Override public String toString() { return yaml; }
    }

    public PsConfig {
        engine = engine == null ? Engine.PERSISTENT : engine;
        if (port != null && (port < 0 || port > 65535)) throw new ConfigException("port", port, "must be 0..65535 (0: any free port)");
        rejoinTimeoutSeconds = Check.positiveInt("rejoinTimeoutSeconds", rejoinTimeoutSeconds == null ? 60 : rejoinTimeoutSeconds);
        maxWorkerFailures = Check.positiveInt("maxWorkerFailures", maxWorkerFailures == null ? 3 : maxWorkerFailures);
        workerTimeoutSeconds = Check.positiveInt("workerTimeoutSeconds", workerTimeoutSeconds == null ? 120 : workerTimeoutSeconds);
        startupTimeoutSeconds = Check.positiveInt("startupTimeoutSeconds", startupTimeoutSeconds == null ? 300 : startupTimeoutSeconds);
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

    public static PsConfig defaults() {
        return new PsConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPersistent() {
        return engine == Engine.PERSISTENT;
    }

    /** A config without a loss target (the shape used before {@code stopAtLoss} existed). */
    public PsConfig(Integer workers, BackupConfig backup, StragglerModel stragglers, Integer rounds, Integer evalEvery,
                    Integer checkpointEvery, Integer logEvery, Integer roundTimeoutSeconds, Double stopAtAccuracy) {
        this(workers, backup, stragglers, rounds, evalEvery, checkpointEvery, logEvery, roundTimeoutSeconds,
                stopAtAccuracy, null, null, null, null, null, null, null);
    }
}
