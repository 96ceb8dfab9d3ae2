package org.sparkharness.data.score;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine learning rate for DL4J updaters: {@code initial · ½(1 + cos(π·t/T))} at iteration t, reaching 0 at
 * t = T and staying there. DL4J 1.0.0-M2.1 ships no cosine schedule; this one is immutable (as
 * {@link ISchedule} requires) and round-trips through DL4J's configuration JSON, so saved models restore.
 */
public final class CosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double initialValue;
    private final long totalSteps;

    public CosineSchedule(@JsonProperty("initialValue") double initialValue,
                          @JsonProperty("totalSteps") long totalSteps) {
        if (!(initialValue >= 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("initialValue must be finite and >= 0, got " + initialValue);
        }
        if (totalSteps < 1) throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        this.initialValue = initialValue;
        this.totalSteps = totalSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double t = Math.min(Math.max(iteration, 0), totalSteps);
        return initialValue * 0.5 * (1 + Math.cos(Math.PI * t / totalSteps));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(initialValue, totalSteps);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public long getTotalSteps() {
        return totalSteps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.initialValue == initialValue && c.totalSteps == totalSteps;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initialValue) * 31 + Long.hashCode(totalSteps);
    }

    @Override
    public String toString() {
        return "CosineSchedule(" + initialValue + " -> 0 over " + totalSteps + " steps)";
    }
}
