package org.sparkharness.executors.fedpara;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/** Seeded random tables and matrices for the FedPara tests. */
final class TestTables {
    private TestTables() {
    }

    static ParamTable random(Map<String, long[]> shapes, long seed, DataType dtype, double std) {
        SplittableRandom rng = new SplittableRandom(seed);
        ParamTable.Builder b = ParamTable.builder();
        shapes.forEach((n, s) -> b.put(n, gaussian(rng, s, std).castTo(dtype)));
        return b.build();
    }

    static INDArray gaussian(SplittableRandom rng, long[] shape, double std) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, c) -> a * c)];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Per-element variance around zero (the factors and the composed weights have mean zero). */
    static double meanSquare(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE);
        return d.mul(d).meanNumber().doubleValue();
    }
}
