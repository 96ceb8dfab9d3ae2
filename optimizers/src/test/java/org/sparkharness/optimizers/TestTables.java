package org.sparkharness.optimizers;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded parameter tables shaped like the golden files' (W 3×4, b 4, v 5), for optimizer tests. */
final class TestTables {
    static final long[][] SHAPES = {{3, 4}, {4}, {5}};
    static final String[] NAMES = {"W", "b", "v"};

    private TestTables() {
    }

    /** Standard-normal values from {@code seed}, in the given dtype. */
    static ParamTable normal(long seed, DataType dtype) {
        Random r = new Random(seed);
        ParamTable.Builder b = ParamTable.builder();
        for (int i = 0; i < NAMES.length; i++) {
            long n = SHAPES[i][0] * (SHAPES[i].length > 1 ? SHAPES[i][1] : 1);
            double[] data = new double[(int) n];
            for (int j = 0; j < n; j++) {
                data[j] = r.nextGaussian();
            }
            b.put(NAMES[i], Nd4j.create(data, SHAPES[i], 'c').castTo(dtype));
        }
        return b.build();
    }

    /** {@code table} with element {@code index} (C order) of {@code name} replaced by {@code value}. */
    static ParamTable with(ParamTable table, String name, int index, double value) {
        return table.mapNamed((n, a) -> {
            if (!n.equals(name)) {
                return a;
            }
            INDArray copy = a.dup('c');
            ParamTable.asCVector(copy).putScalar(index, value);
            return copy;
        });
    }

    /** Values of one tensor in C order. */
    static double[] values(ParamTable t, String name) {
        return ParamTable.valuesC(t.get(name));
    }
}
