package org.sparkharness.executors.fedpara;

import java.io.Serial;
import java.util.Set;
import org.sparkharness.optimizers.ParamTable;

/** The identity parameterisation: the trainable table is the dense table. A singleton, see {@link Parameterisation#dense()}. */
final class DenseParameterisation implements Parameterisation {
    @Serial
    private static final long serialVersionUID = 1L;
    static final DenseParameterisation INSTANCE = new DenseParameterisation();

    private DenseParameterisation() {
    }

    /** A deep copy, so the caller may hand the result to code that mutates it without touching {@code dense}. */
    @Override
    public ParamTable init(ParamTable dense, long seed) {
        return dense.dup();
    }

    @Override
    public ParamTable compose(ParamTable trainable) {
        return trainable;
    }

    @Override
    public ParamTable pullBack(ParamTable trainable, ParamTable denseGradient) {
        return denseGradient;
    }

    @Override
    public Set<String> localNames() {
        return Set.of();
    }

    @Serial
    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public String toString() {
        return "Parameterisation.dense()";
    }
}
