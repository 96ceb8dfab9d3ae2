package org.sparkharness.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Closed-form {@link Objective}s for tests of SAM and Sven. */
final class TestObjectives {
    private TestObjectives() {
    }

    /**
     * The linear model f(x) = x·w + b on a fixed dataset, parameters {@code w} [d] and {@code b} [1] (flattened
     * θ = [w, b]), computed in the parameters' dtype:
     * <ul>
     *   <li>{@link #evaluate}: L = ½·mean_i r_i², r = Xw + b − y; ∇_w = Xᵀr/N, ∇_b = mean(r) (sam.json's loss);</li>
     *   <li>{@link #perExample}: l_i = r_i², ∂l_i/∂θ = 2·r_i·[x_i, 1] (sven.json's linear_regression).</li>
     * </ul>
     */
    static final class LinearLeastSquares implements Objective {
        private final double[][] x;
        private final double[] y;

        LinearLeastSquares(double[][] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        /** The parameter table for weights {@code w} and bias {@code b} in {@code dtype}. */
        static ParamTable params(double[] w, double b, DataType dtype) {
            return ParamTable.builder().put("w", Nd4j.createFromArray(w).castTo(dtype))
                    .put("b", Nd4j.createFromArray(new double[] {b}).castTo(dtype)).build();
        }

        private INDArray residuals(ParamTable params) {
            INDArray w = params.get("w");
            DataType dt = w.dataType();
            INDArray xs = Nd4j.createFromArray(x).castTo(dt);
            INDArray ys = Nd4j.createFromArray(y).castTo(dt);
            return xs.mmul(w.reshape(w.length(), 1)).reshape(y.length).addi(params.get("b").getDouble(0)).subi(ys);
        }

        @Override
        public Evaluation evaluate(ParamTable params) {
            INDArray r = residuals(params);
            DataType dt = r.dataType();
            INDArray xs = Nd4j.createFromArray(x).castTo(dt);
            int n = y.length;
            INDArray gw = xs.transpose().mmul(r.reshape(n, 1)).reshape(x[0].length).divi(n);
            INDArray gb = Nd4j.createFromArray(new double[] {r.meanNumber().doubleValue()}).castTo(dt);
            double loss = 0.5 * r.castTo(DataType.DOUBLE).mul(r.castTo(DataType.DOUBLE)).meanNumber().doubleValue();
            return new Evaluation(loss, ParamTable.builder().put("w", gw).put("b", gb).build());
        }

        @Override
        public PerExample perExample(ParamTable params) {
            INDArray r = residuals(params);
            DataType dt = r.dataType();
            int n = y.length;
            int d = x[0].length;
            INDArray design = Nd4j.ones(dt, n, d + 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    design.putScalar(i, j, x[i][j]);
                }
            }
            return new PerExample(r.mul(r), design.mulColumnVector(r.mul(2).reshape(n, 1)));
        }
    }

    /** Returns the same per-example losses and Jacobian wherever it is evaluated. */
    static Objective fixedPerExample(INDArray losses, INDArray jacobian) {
        return new Objective() {
            @Override
            public Evaluation evaluate(ParamTable params) {
                throw new UnsupportedOperationException("per-example only");
            }

            @Override
            public PerExample perExample(ParamTable params) {
                return new PerExample(losses, jacobian);
            }
        };
    }

    /** Delegates to another objective and remembers every point it was evaluated at, with the result. */
    static final class Recording implements Objective {
        private final Objective inner;
        final List<ParamTable> points = new ArrayList<>();
        final List<Evaluation> evaluations = new ArrayList<>();

        Recording(Objective inner) {
            this.inner = inner;
        }

        @Override
        public Evaluation evaluate(ParamTable params) {
            Evaluation e = inner.evaluate(params);
            points.add(params);
            evaluations.add(e);
            return e;
        }

        @Override
        public PerExample perExample(ParamTable params) {
            return inner.perExample(params);
        }

        void clear() {
            points.clear();
            evaluations.clear();
        }
    }
}
