package org.sparkharness.executors.fedpara;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.ShapeMismatchException;

/**
 * One dense weight replaced by FedPara factors (arXiv 2108.06098): {@code W = W1 ⊙ W2}, or pFedPara's
 * {@code W = W1 ⊙ (W2 + 1)}, each {@code W_i} a {@link LowRankTerm} of rank r.
 *
 * <p>Factor names are the weight's name with a suffix, in this order: {@code .x1 .y1 .x2 .y2} (+ {@code .t1 .t2} for
 * conv). Shapes: FC X ∈ [m, r], Y ∈ [n, r]; conv X ∈ [r, O], Y ∈ [r, I], T ∈ [r, r, K, K].
 *
 * <p>Chain rule with {@code G = dL/dW}: {@code dL/dW1 = G ⊙ W2} (pFedPara {@code G ⊙ (W2 + 1)}) and
 * {@code dL/dW2 = G ⊙ W1}, then each term's own vector-Jacobian product. Immutable.
 */
final class FactorisedWeight implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long[] shape;
    private final int rank;
    private final boolean personalised;

    FactorisedWeight(String name, long[] shape, int rank, boolean personalised) {
        if (shape.length != 2 && shape.length != 4) {
            throw new IllegalArgumentException("'" + name + "': FedPara factorises rank-2 or rank-4 weights, got "
                    + Arrays.toString(shape));
        }
        if (rank < 1) {
            throw new IllegalArgumentException("'" + name + "': rank must be >= 1, got " + rank);
        }
        this.name = name;
        this.shape = shape.clone();
        this.rank = rank;
        this.personalised = personalised;
    }

    String name() {
        return name;
    }

    long[] shape() {
        return shape.clone();
    }

    int rank() {
        return rank;
    }

    boolean isConv() {
        return shape.length == 4;
    }

    /** {@code m} (FC nIn) or {@code I·K²} (conv): the fan-in the He rule uses for the composed weight. */
    long fanIn() {
        return isConv() ? shape[1] * shape[2] * shape[3] : shape[0];
    }

    long denseParams() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    long factorParams() {
        return isConv() ? FedParaRanks.convParams(shape[0], shape[1], shape[2], rank)
                : FedParaRanks.fcParams(shape[0], shape[1], rank);
    }

    /** Factor names and shapes in table order. */
    Map<String, long[]> factorShapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        long r = rank;
        for (int i = 1; i <= 2; i++) {
            out.put(name + ".x" + i, isConv() ? new long[] {r, shape[0]} : new long[] {shape[0], r});
            out.put(name + ".y" + i, isConv() ? new long[] {r, shape[1]} : new long[] {shape[1], r});
        }
        if (isConv()) {
            for (int i = 1; i <= 2; i++) {
                out.put(name + ".t" + i, new long[] {r, r, shape[2], shape[3]});
            }
        }
        return out;
    }

    /** The second term's factors (pFedPara keeps them on the client). */
    List<String> secondTermNames() {
        List<String> out = new ArrayList<>(List.of(name + ".x2", name + ".y2"));
        if (isConv()) {
            out.add(name + ".t2");
        }
        return out;
    }

    /** The dense weight from the factors in {@code t}. */
    INDArray compose(ParamTable t) {
        requireShapes(t, "compose");
        INDArray w1 = term(t, 1);
        INDArray w2 = term(t, 2);
        if (personalised) {
            w2.addi(1.0);
        }
        w1.muli(w2);
        LowRankTerm.release(w2);
        return w1;
    }

    /** Puts the factor gradients, in factor order, given {@code g = dL/dW}. */
    void pullBack(ParamTable t, INDArray g, ParamTable.Builder out) {
        requireShapes(t, "pullBack");
        if (!Arrays.equals(g.shape(), shape)) {
            throw new ShapeMismatchException(name, shape, g.shape(), "FedPara pullBack (dense gradient)");
        }
        INDArray w1 = term(t, 1);
        INDArray w2 = term(t, 2);
        if (personalised) {
            w2.addi(1.0);
        }
        // w1 and w2 are ours: turn them into dL/dW2 = G ⊙ W1 and dL/dW1 = G ⊙ W2 in place.
        INDArray g1 = w2.muli(g);
        INDArray g2 = w1.muli(g);
        LowRankTerm.Grad d1 = termGrad(t, 1, g1);
        LowRankTerm.Grad d2 = termGrad(t, 2, g2);
        out.put(name + ".x1", d1.dx()).put(name + ".y1", d1.dy())
                .put(name + ".x2", d2.dx()).put(name + ".y2", d2.dy());
        if (isConv()) {
            out.put(name + ".t1", d1.dt()).put(name + ".t2", d2.dt());
        }
        LowRankTerm.release(g1, g2);
    }

    /**
     * Puts freshly drawn factors, in factor order. See {@link FedPara.Init} for the variances.
     *
     * @param rng consumed in factor order, so equal seeds give equal factors
     */
    void initialise(FedPara.Init init, DataType dtype, SplittableRandom rng, ParamTable.Builder out) {
        for (Map.Entry<String, long[]> e : factorShapes().entrySet()) {
            String factor = e.getKey();
            long[] s = e.getValue();
            double variance = factorVariance(init, factor, s);
            out.put(factor, gaussian(rng, s, Math.sqrt(variance), dtype));
        }
    }

    /** The variance each element of {@code factor} is drawn with; see {@link FedPara.Init}. */
    double factorVariance(FedPara.Init init, String factor, long[] s) {
        long receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        switch (init) {
            case FAN_IN:
                return 2.0 / (s[1] * receptive);
            case FAN_OUT:
                return 2.0 / (s[0] * receptive);
            case VARIANCE_MATCHED:
                boolean second = factor.endsWith("2");
                if (personalised && factor.endsWith(".y2")) {
                    return 0; // W2 = 0: the client's W starts at the global W1
                }
                double he = 2.0 / fanIn();
                double termVariance = personalised && !second ? he : Math.sqrt(he);
                // Var(X·Yᵀ) = r·σ⁴ for FC; Var(T ×1 X ×2 Y) = r²·σ⁶ for conv (independent zero-mean factors).
                return isConv() ? Math.cbrt(termVariance / ((double) rank * rank)) : Math.sqrt(termVariance / rank);
            default:
                throw new IllegalStateException("unknown init " + init);
        }
    }

    private INDArray term(ParamTable t, int i) {
        INDArray x = t.get(name + ".x" + i);
        INDArray y = t.get(name + ".y" + i);
        return isConv() ? LowRankTerm.conv(t.get(name + ".t" + i), x, y) : LowRankTerm.fc(x, y);
    }

    private LowRankTerm.Grad termGrad(ParamTable t, int i, INDArray g) {
        INDArray x = t.get(name + ".x" + i);
        INDArray y = t.get(name + ".y" + i);
        return isConv() ? LowRankTerm.convGrad(t.get(name + ".t" + i), x, y, g) : LowRankTerm.fcGrad(x, y, g);
    }

    private void requireShapes(ParamTable t, String context) {
        for (Map.Entry<String, long[]> e : factorShapes().entrySet()) {
            long[] actual = t.contains(e.getKey()) ? t.get(e.getKey()).shape() : null;
            if (!Arrays.equals(actual, e.getValue())) {
                throw new ShapeMismatchException(e.getKey(), e.getValue(), actual, "FedPara " + context);
            }
        }
    }

    private static INDArray gaussian(SplittableRandom rng, long[] shape, double std, DataType dtype) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = std == 0 ? 0 : std * rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c').castTo(dtype);
    }

    /** One line for {@link FedPara#report()}. */
    String describe() {
        long f = factorParams();
        long d = denseParams();
        return String.format(java.util.Locale.ROOT, "%s %s %s r=%d: %,d params vs %,d dense (%.1f %%)",
                name, Arrays.toString(shape), isConv() ? "conv" : "fc", rank, f, d, 100.0 * f / d);
    }
}
