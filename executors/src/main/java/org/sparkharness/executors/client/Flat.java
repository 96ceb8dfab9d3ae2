package org.sparkharness.executors.client;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk access to a tensor's values in C (row-major) order, so aggregation loops over plain Java arrays instead of
 * issuing many small ND4J ops. Reads never mutate the tensor; created tensors are fresh.
 */
public final class Flat {
    private Flat() {
    }

    /** The values of {@code a} in C order, widened to double (exact for FLOAT and DOUBLE). */
    public static double[] values(INDArray a) {
        Objects.requireNonNull(a, "a");
        if (a.length() == 0) {
            return new double[0];
        }
        INDArray c = contiguousC(a);
        if (c.dataType() == DataType.FLOAT) {
            float[] f = c.data().asFloat();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return (c.dataType() == DataType.DOUBLE ? c : c.castTo(DataType.DOUBLE)).data().asDouble();
    }

    /**
     * Adds {@code w·a[k]} to {@code acc[k]} for every element (or, when {@code first}, stores it, which keeps the sign
     * of zero so a single contribution with weight 1 round-trips bit-exactly), reading FLOAT data without widening
     * the whole buffer first. {@code acc} must have {@code a.length()} entries.
     */
    public static void accumulate(INDArray a, double w, double[] acc, boolean first) {
        if (a.length() != acc.length) {
            throw new IllegalArgumentException("accumulator has " + acc.length + " entries, tensor " + a.length());
        }
        if (acc.length == 0) {
            return;
        }
        INDArray c = contiguousC(a);
        if (c.dataType() == DataType.FLOAT) {
            float[] f = c.data().asFloat();
            if (first) {
                for (int i = 0; i < f.length; i++) {
                    acc[i] = w * f[i];
                }
            } else {
                for (int i = 0; i < f.length; i++) {
                    acc[i] += w * f[i];
                }
            }
        } else {
            double[] d = (c.dataType() == DataType.DOUBLE ? c : c.castTo(DataType.DOUBLE)).data().asDouble();
            for (int i = 0; i < d.length; i++) {
                acc[i] = first ? w * d[i] : acc[i] + w * d[i];
            }
        }
    }

    /**
     * A fresh tensor of {@code shape} and {@code dtype} holding {@code values} in C order; FLOAT values are rounded
     * to nearest, like a {@code (float)} cast.
     */
    public static INDArray create(double[] values, long[] shape, DataType dtype) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            return Nd4j.create(dtype, shape);
        }
        if (shape.length == 0) {
            return Nd4j.scalar(dtype, values[0]);
        }
        if (dtype == DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Nd4j.create(f, shape, 'c');
        }
        INDArray d = Nd4j.create(values, shape, 'c');
        return dtype == DataType.DOUBLE ? d : d.castTo(dtype);
    }

    /** {@code a} itself when its buffer is exactly its C-order values, else a C-order copy. */
    private static INDArray contiguousC(INDArray a) {
        boolean exact = a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && Shape.hasDefaultStridesForShape(a);
        return exact ? a : a.dup('c');
    }
}
