package org.sparkharness.executors.fedpara;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One low-rank term {@code W_i} of FedPara's Hadamard product and its vector-Jacobian product (arXiv 2108.06098,
 * docs/algorithms/federated.md §5.1). All maths is reshapes, permutes and matrix products: no loops over elements.
 * Results are fresh arrays in the dtype of the factors; inputs are never mutated.
 *
 * <ul>
 *   <li><b>FC</b>: {@code W = X·Yᵀ}, X ∈ [m, r], Y ∈ [n, r], W ∈ [m, n] (DL4J's [nIn, nOut]).</li>
 *   <li><b>Conv</b> (tensor form): {@code W[o,c,z,w] = Σ_{x,y} T[x,y,z,w]·X[x,o]·Y[y,c]}, T ∈ [r, r, K, K],
 *       X ∈ [r, O], Y ∈ [r, I], W ∈ [O, I, K, K] (DL4J's conv weight layout).</li>
 * </ul>
 */
final class LowRankTerm {
    private LowRankTerm() {
    }

    /** Gradients of one term's factors; {@code dt} is null for FC terms. */
    record Grad(INDArray dx, INDArray dy, INDArray dt) {
    }

    static INDArray fc(INDArray x, INDArray y) {
        return x.mmul(y.transpose());
    }

    /** With {@code g = dL/dW}: {@code dX = g·Y}, {@code dY = gᵀ·X}. */
    static Grad fcGrad(INDArray x, INDArray y, INDArray g) {
        return new Grad(g.mmul(y), g.transpose().mmul(x), null);
    }

    /**
     * The conv term in two matrix products: first {@code A[o,(y,z,w)] = Σ_x X[x,o]·T[x,(y,z,w)]}, then, with A's
     * rank index moved last, {@code W[(o,z,w),c] = Σ_y A[(o,z,w),y]·Y[y,c]}, and the spatial axes moved back.
     */
    static INDArray conv(INDArray t, INDArray x, INDArray y) {
        long out = x.size(1);
        long in = y.size(1);
        INDArray a3 = convA3(t, x);
        INDArray b = a3.mmul(y); // [O·K², I]
        INDArray w = shape(b, out, t.size(2) * t.size(3), in).permute(0, 2, 1).dup('c');
        release(a3, b);
        return shape(w, out, in, t.size(2), t.size(3));
    }

    /**
     * Vector-Jacobian product of {@link #conv}: with {@code Gb} the gradient laid out like the second product's
     * output, {@code dY = A3ᵀ·Gb}, {@code dA = Gb·Yᵀ} (moved back to [O, r·K²]), {@code dX = T·dAᵀ},
     * {@code dT = X·dA}.
     */
    static Grad convGrad(INDArray t, INDArray x, INDArray y, INDArray g) {
        long r = x.size(0);
        long out = x.size(1);
        long in = y.size(1);
        long k2 = t.size(2) * t.size(3);
        INDArray a3 = convA3(t, x);
        INDArray gb = shape(shape(g, out, in, k2).permute(0, 2, 1).dup('c'), out * k2, in);
        INDArray dy = a3.transpose().mmul(gb);
        INDArray da3 = gb.mmul(y.transpose()); // [O·K², r]
        INDArray da = shape(shape(da3, out, k2, r).permute(0, 2, 1).dup('c'), out, r * k2);
        INDArray tm = shape(t, r, r * k2);
        INDArray dx = tm.mmul(da.transpose());
        INDArray dt = shape(x.mmul(da), t.shape());
        release(a3, gb, da3, da);
        return new Grad(dx, dy, dt);
    }

    /** {@code A} with its rank index last: [O·K², r], rows (o, z, w). */
    private static INDArray convA3(INDArray t, INDArray x) {
        long r = x.size(0);
        long out = x.size(1);
        long k2 = t.size(2) * t.size(3);
        INDArray a = x.transpose().mmul(shape(t, r, r * k2)); // [O, r·K²], columns (y, z, w)
        INDArray a3 = shape(a, out, r, k2).permute(0, 2, 1).dup('c');
        release(a);
        return shape(a3, out * k2, r);
    }

    /**
     * Frees temporaries this class allocated, now rather than at some later GC: off-heap allocation dominates the
     * cost of these small products otherwise (measured ~1.7 ms per unreleased 784×200 float array on 2 cores, 30 µs
     * released). Views are skipped ({@code closeable()} is false for them); callers pass only arrays whose buffers
     * no returned value shares.
     */
    static void release(INDArray... temporaries) {
        for (INDArray a : temporaries) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    /**
     * C-order reshape. Goes through a {@code long[]} so that ND4J's {@code reshape(long, long)} overload cannot
     * capture a {@code char} order argument.
     */
    static INDArray shape(INDArray a, long... dims) {
        return a.reshape('c', dims);
    }
}
