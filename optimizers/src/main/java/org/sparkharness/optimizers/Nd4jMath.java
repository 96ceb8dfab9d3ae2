package org.sparkharness.optimizers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ND4J operations whose ND4J form is a trap, wrapped once with the conventional signature. */
public final class Nd4jMath {
    private Nd4jMath() {
    }

    /**
     * Elementwise atan2 with {@link Math#atan2(double, double)}'s argument order: the angle of the point (x, y), in
     * [−π, π]; atan2(0, 0) = 0. A fresh array; neither argument is modified.
     *
     * <p>ND4J's {@code Transforms.atan2(a, b)} computes {@code Math.atan2(b, a)}: its arguments go the other way round,
     * so calling it like {@code Math.atan2} silently gives the angle of (y, x) instead (measured: {@code
     * Transforms.atan2(1, −1)} is −π/4, not 3π/4; docs/algorithms/optimizers.md §6.3).
     */
    public static INDArray atan2(INDArray y, INDArray x) {
        return Transforms.atan2(x, y);
    }
}
