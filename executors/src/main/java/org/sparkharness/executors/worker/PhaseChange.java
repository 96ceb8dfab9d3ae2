package org.sparkharness.executors.worker;

import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * A cluster whose behaviour changes mid-run (straggler scenario S4): rounds before {@code switchRound} (0-based)
 * use {@code before}, the rest {@code after}. Either may itself be a phase-change. Config:
 * {@code model: phase-change, switchRound: 500, before: {model: shifted-exponential}, after: {model: none}}.
 * Defaults: switchRound required (>= 0), before shifted-exponential with its defaults, after none.
 */
public record PhaseChange(Long switchRound, StragglerModel before, StragglerModel after) implements StragglerModel {
    public PhaseChange {
        Check.required("switchRound", switchRound);
        if (switchRound < 0) throw new ConfigException("switchRound", switchRound, "must be >= 0");
        before = before == null ? ShiftedExponential.defaults() : before;
        after = after == null ? new NoStragglers() : after;
    }

    /** A switch at {@code switchRound} between the default models. */
    public static PhaseChange of(long switchRound) {
        return new PhaseChange(switchRound, null, null);
    }

    @Override
    public long delayMillis(long seed, long round, int worker, double computeMillis) {
        return (round < switchRound ? before : after).delayMillis(seed, round, worker, computeMillis);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public PhaseChange withSwitchRound(long switchRound) {
        return new PhaseChange(switchRound, before, after);
    }

    public PhaseChange withBefore(StragglerModel before) {
        return new PhaseChange(switchRound, before, after);
    }

    public PhaseChange withAfter(StragglerModel after) {
        return new PhaseChange(switchRound, before, after);
    }
}
