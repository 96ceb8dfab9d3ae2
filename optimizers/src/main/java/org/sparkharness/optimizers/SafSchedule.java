package org.sparkharness.optimizers;

import java.io.Serializable;
import java.util.OptionalInt;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * When SAF's trajectory loss is on and which slot of the logit ring buffer each epoch writes and reads, as in
 * AngusDujw/SAF {@code SAF_train.py}: the memory holds E + 1 slots per example; epoch e records into slot
 * {@code e mod (E+1)} (before the update) and, while {@code start < e < end} (strict), reads the logits recorded at
 * epoch e − E from slot {@code (e − E) mod (E+1)}. E.g. E = 2, start 5: epoch 6 writes slot 0 and reads slot 1,
 * recorded at epoch 4; it is the first active epoch.
 *
 * @param minusEpoch E, how many epochs back the target logits were recorded, {@code >= 1} (reference: 2 or 3)
 * @param startEpoch the loss is on for epochs strictly after this one, {@code >= 0}
 * @param endEpoch   the loss is on for epochs strictly before this one, {@code > startEpoch}
 */
public record SafSchedule(int minusEpoch, int startEpoch, int endEpoch) implements Serializable {

    /** Validates; throws {@link ConfigException} naming the field. */
    public SafSchedule {
        if (minusEpoch < 1) {
            throw new ConfigException("minusEpoch", minusEpoch, "must be >= 1");
        }
        if (startEpoch < 0) {
            throw new ConfigException("startEpoch", startEpoch, "must be >= 0");
        }
        if (endEpoch <= startEpoch) {
            throw new ConfigException("endEpoch", endEpoch, "must be > startEpoch (" + startEpoch + ")");
        }
    }

    /** Slots per example, E + 1. */
    public int slots() {
        return minusEpoch + 1;
    }

    /** The slot epoch {@code epoch} records into: epoch mod (E+1). */
    public int writeSlot(long epoch) {
        return (int) Math.floorMod(epoch, (long) slots());
    }

    /** Whether the trajectory loss is on: start &lt; epoch &lt; end. */
    public boolean active(long epoch) {
        return startEpoch < epoch && epoch < endEpoch;
    }

    /** The slot holding the logits of epoch − E, (epoch − E) mod (E+1), when {@link #active}; empty otherwise. */
    public OptionalInt readSlot(long epoch) {
        return active(epoch) ? OptionalInt.of((int) Math.floorMod(epoch - minusEpoch, (long) slots()))
                : OptionalInt.empty();
    }
}
