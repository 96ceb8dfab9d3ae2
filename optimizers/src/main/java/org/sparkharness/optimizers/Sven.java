package org.sparkharness.optimizers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkharness.optimizers.config.SvenConfig;

/**
 * Sven (Singular Value dEsceNt): every example of the minibatch is one equation, and the step is the truncated
 * pseudo-inverse of the residuals' Jacobian applied to the residuals, with the semantics of sambt/sven's
 * {@code svd_mode="torch"} ({@code sven/opt/sven.py}, {@code sven/opt/pinv.py}):
 * <pre>
 * R_a = l_a^(κ/2)                          per-example losses l_a ≥ 0; κ = 2 ⇒ R = l, κ = 1 ⇒ R = |r| (Gauss-Newton)
 * M   = ∂R/∂θ = (κ/2)·l^(κ/2 − 1)·∂l/∂θ    B × P over the flat parameter vector
 * M   = U·diag(S)·Vᵀ                       thin SVD, S descending; keep the first k
 * k_max = 1 + max{ i : S_i &gt; rtol·S_0 }   rtol cut after the k cut, strict
 * S_inv = 1/S where S &gt; tol, else 0
 * δ   = V_k·diag(S_inv)·U_kᵀ·R ;  θ ← θ − lr·δ
 * </pre>
 * Scaling every loss by c leaves δ unchanged for κ = 2, so sum or mean reduction does not matter. Options of the
 * reference that are not implemented: {@code param_fraction}, {@code microbatch_size}, RMSProp pre/post-conditioning,
 * {@code variable_k}, and the randomized SVD modes.
 *
 * <p><b>How the SVD is computed.</b> P is up to ~10⁶ and B ≤ ~256, so no P × P matrix is formed: {@link #direction}
 * eigen-decomposes the smaller Gram matrix (M·Mᵀ, B × B, or Mᵀ·M when P &lt; B) in double precision, takes
 * S = √λ, and uses δ = Mᵀ·U_k·diag(S_inv/S)·U_kᵀ·R (or V_k·diag(S_inv/S)·V_kᵀ·Mᵀ·R), which is the same δ without
 * V. Cost O(B²·P) time and O(B² + block) extra memory; M is read in column blocks converted to double. Squaring M
 * limits the resolution of small singular values: eigenvalues below {@code min(B, P)·2⁻⁵²·λ_0} are indistinguishable
 * from rounding and are treated as S = 0 (a floor near 1.5·10⁻⁸·√min(B, P)·S_0, below the noise of the float32 SVD
 * the reference runs), and S_i/S_0 ≈ 10⁻⁶ is resolved to ~10⁻⁴ relative; the default rtol 10⁻³ cuts both.
 *
 * <p><b>Edge cases</b> (docs/algorithms/optimizers.md §8). An all-zero Jacobian (S_0 = 0) crashes the reference; here
 * the step is skipped (parameters unchanged) and counted in the scalar {@value #SKIPPED_STEPS}. With κ &lt; 2 a zero
 * loss gives ∞·0 in ∂R/∂θ; that row is treated as zero (project choice). The state has no tensor slots.
 *
 * <p>Reference: S. Bright-Thonney, T. Harvey, A. Lukas &amp; J. Thaler, "Sven: Singular Value dEsceNt",
 * arXiv:2604.01279 (2026). Pure: does not mutate its arguments.
 */
public final class Sven implements ObjectiveOptimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the scalar counting steps skipped because the Jacobian was zero. */
    public static final String SKIPPED_STEPS = "skipped_steps";

    /** Doubles per column block of M converted at a time (32 MiB). */
    private static final long BLOCK_DOUBLES = 1L << 22;

    private final SvenConfig config;

    /** An optimizer with the given (already validated) hyperparameters. Prefer {@link Optimizers#sven}. */
    public Sven(SvenConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hyperparameters. */
    public SvenConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "sven";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return new OptimizerState(0, Map.of(), Map.of(SKIPPED_STEPS, 0.0));
    }

    /**
     * @throws NonFiniteException     naming the parameter of the first non-finite Jacobian column, or
     *                                {@code <losses>} for a non-finite loss
     * @throws ShapeMismatchException if the Jacobian does not have {@code params.numParams()} columns
     */
    @Override
    public Optimizer.Step step(ParamTable params, Objective objective, OptimizerState state) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(state, "state");
        long t = state.step() + 1;
        Objective.PerExample pe = objective.perExample(params);
        if (pe.jacobian().columns() != params.numParams()) {
            throw new ShapeMismatchException("<jacobian>", new long[] {pe.losses().length(), params.numParams()},
                    pe.jacobian().shape(), "Sven per-example Jacobian");
        }
        if (!ParamTable.isFinite(pe.losses())) {
            throw new NonFiniteException("<losses>", t, "per-example loss");
        }
        if (!ParamTable.isFinite(pe.jacobian())) {
            throw new NonFiniteException(parameterOfFirstNonFiniteColumn(params, pe.jacobian()), t,
                    "per-example loss gradient");
        }
        Residuals res = residuals(pe.losses(), pe.jacobian(), config.kappa());
        Direction d = direction(res.jacobian(), res.r(), config.k(), config.rtol(), config.tol());
        double skipped = state.scalars().getOrDefault(SKIPPED_STEPS, 0.0);
        if (d.skipped()) {
            return new Optimizer.Step(params.dup(),
                    new OptimizerState(t, Map.of(), Map.of(SKIPPED_STEPS, skipped + 1)));
        }
        INDArray flat = params.flatten();
        INDArray next = d.delta().castTo(flat.dataType()).mul(-config.lr()).addi(flat);
        ParamTable updated = UpdateChecks.finish(params.unflatten(next), t);
        return new Optimizer.Step(updated, new OptimizerState(t, Map.of(), Map.of(SKIPPED_STEPS, skipped)));
    }

    /**
     * Residuals and their Jacobian.
     *
     * @param r        R = l^(κ/2), shape [B], double
     * @param jacobian ∂R/∂θ, shape [B, P], in the loss Jacobian's dtype (the input itself when κ = 2)
     */
    public record Residuals(INDArray r, INDArray jacobian) {
        /** Rejects nulls. */
        public Residuals {
            Objects.requireNonNull(r, "r");
            Objects.requireNonNull(jacobian, "jacobian");
        }
    }

    /**
     * R = l^(κ/2) and ∂R/∂θ = (κ/2)·l^(κ/2 − 1)·∂l/∂θ. With κ &lt; 2 a row whose loss is 0 is zero (its limit is
     * undefined: ∞·0). Computed in double, the Jacobian scaled in its own dtype.
     *
     * @param losses       per-example losses, shape [B]; must be ≥ 0 unless κ = 2
     * @param lossJacobian ∂l/∂θ, shape [B, P]
     * @param kappa        κ &gt; 0
     * @throws IllegalArgumentException if a loss is negative while κ ≠ 2, or shapes disagree
     */
    public static Residuals residuals(INDArray losses, INDArray lossJacobian, double kappa) {
        if (!(kappa > 0 && Double.isFinite(kappa))) {
            throw new IllegalArgumentException("Sven kappa must be finite and > 0, got " + kappa);
        }
        if (lossJacobian.rank() != 2 || lossJacobian.rows() != losses.length()) {
            throw new IllegalArgumentException("loss Jacobian must be [B, P] with B = " + losses.length()
                    + " losses, got " + Arrays.toString(lossJacobian.shape()));
        }
        double[] l = ParamTable.valuesC(losses);
        if (kappa == 2) {
            return new Residuals(Nd4j.createFromArray(l), lossJacobian);
        }
        double half = kappa / 2;
        double[] r = new double[l.length];
        double[] factor = new double[l.length];
        for (int a = 0; a < l.length; a++) {
            if (l[a] < 0) {
                throw new IllegalArgumentException("Sven with kappa = " + kappa + " needs losses >= 0; example " + a
                        + " has loss " + l[a]);
            }
            r[a] = Math.pow(l[a], half);
            // l = 0 with κ < 2: (κ/2)·0^(κ/2−1) = ∞ times a zero gradient; the row is defined as zero
            factor[a] = l[a] == 0 && kappa < 2 ? 0 : half * Math.pow(l[a], half - 1);
        }
        INDArray f = Nd4j.createFromArray(factor).castTo(lossJacobian.dataType()).reshape(l.length, 1);
        return new Residuals(Nd4j.createFromArray(r), lossJacobian.mulColumnVector(f));
    }

    /**
     * The Sven step direction.
     *
     * @param delta              δ = V_k·diag(S_inv)·U_kᵀ·R, shape [P], in the Jacobian's dtype (zeros when skipped)
     * @param keptSingularValues the singular values left after the k and rtol cuts, descending (empty when skipped)
     * @param skipped            whether the Jacobian was all zero (S_0 = 0), so that there is no direction
     */
    public record Direction(INDArray delta, double[] keptSingularValues, boolean skipped) {
        /** Rejects nulls. */
        public Direction {
            Objects.requireNonNull(delta, "delta");
            Objects.requireNonNull(keptSingularValues, "keptSingularValues");
        }
    }

    /**
     * The truncated pseudo-inverse step δ = V_k·diag(S_inv)·U_kᵀ·R, computed from the eigen-decomposition of the
     * smaller Gram matrix (see the class comment) in double precision.
     *
     * @param residualJacobian M, shape [B, P]
     * @param residuals        R, shape [B]
     * @param k                number of leading singular values kept, {@code >= 1} (k &gt; min(B, P) keeps all)
     * @param rtol             relative cut in [0, 1): keep S_i &gt; rtol·S_0
     * @param tol              absolute threshold {@code >= 0}: S_i ≤ tol is not inverted
     * @throws IllegalArgumentException if an argument is out of range, shapes disagree, or M or R are not finite
     */
    public static Direction direction(INDArray residualJacobian, INDArray residuals, int k, double rtol, double tol) {
        INDArray m = residualJacobian;
        if (m.rank() != 2 || m.rows() != residuals.length()) {
            throw new IllegalArgumentException("residual Jacobian must be [B, P] with B = " + residuals.length()
                    + " residuals, got " + Arrays.toString(m.shape()));
        }
        if (k < 1 || !(rtol >= 0 && rtol < 1) || !(tol >= 0 && Double.isFinite(tol))) {
            throw new IllegalArgumentException("Sven needs k >= 1, 0 <= rtol < 1, finite tol >= 0; got k = " + k
                    + ", rtol = " + rtol + ", tol = " + tol);
        }
        int b = (int) m.rows();
        long p = m.columns();
        double[] r = ParamTable.valuesC(residuals);
        boolean wide = b <= p;                  // the usual case: the Gram matrix is M·Mᵀ (B × B)
        double[][] gram = wide ? rowGram(m) : columnGram(m);
        int n = gram.length;                    // = min(B, P)
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += gram[i][i];
        }
        if (!Double.isFinite(trace) || !allFinite(r)) {
            throw new IllegalArgumentException("Sven direction: the Jacobian or the residuals are not finite");
        }
        if (trace == 0) {                       // ‖M‖_F = 0: S_0 = 0
            return new Direction(Nd4j.zeros(m.dataType(), p), new double[0], true);
        }
        Eigen eig = eigen(gram);
        double floor = n * Math.ulp(1.0) * eig.values[0];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = eig.values[i] > floor ? Math.sqrt(eig.values[i]) : 0;
        }
        int kept = Math.min(k, n);
        int kMax = 0;
        for (int i = 0; i < kept; i++) {
            if (s[i] > rtol * s[0]) {
                kMax = i + 1;
            }
        }
        double[] w = new double[kMax];          // S_inv / S
        for (int i = 0; i < kMax; i++) {
            w[i] = s[i] > tol ? 1 / (s[i] * s[i]) : 0;
        }
        INDArray delta;
        if (wide) {
            // δ = Mᵀ·c with c = U_k·diag(w)·U_kᵀ·R
            delta = transposeTimes(m, project(eig.vectors, w, r));
        } else {
            // δ = V_k·diag(w)·V_kᵀ·(Mᵀ·R); here M is small (P < B)
            double[] mtr = transposeTimes(m, r, DataType.DOUBLE).toDoubleVector();
            delta = Nd4j.createFromArray(project(eig.vectors, w, mtr)).castTo(m.dataType());
        }
        return new Direction(delta, Arrays.copyOf(s, kMax), false);
    }

    /** Σ_i u_i·w_i·(u_iᵀ·x) over the first {@code w.length} eigenvectors (columns of {@code u}). */
    private static double[] project(double[][] u, double[] w, double[] x) {
        int n = u.length;
        double[] out = new double[n];
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) {
                continue;
            }
            double dot = 0;
            for (int a = 0; a < n; a++) {
                dot += u[a][i] * x[a];
            }
            double coef = w[i] * dot;
            for (int a = 0; a < n; a++) {
                out[a] += coef * u[a][i];
            }
        }
        return out;
    }

    /** Eigenvalues descending, and eigenvectors as the columns of {@code vectors} in the same order. */
    private record Eigen(double[] values, double[][] vectors) {
    }

    private static Eigen eigen(double[][] symmetric) {
        int n = symmetric.length;
        EigenDecomposition ed = new EigenDecomposition(new Array2DRowRealMatrix(symmetric, false));
        double[] values = ed.getRealEigenvalues();
        RealMatrix v = ed.getV();
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> -values[i]))
                .toArray(Integer[]::new);
        double[] sorted = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            sorted[j] = values[order[j]];
            for (int a = 0; a < n; a++) {
                vectors[a][j] = v.getEntry(a, order[j]);
            }
        }
        return new Eigen(sorted, vectors);
    }

    /** M·Mᵀ in double, accumulated over column blocks of M, symmetrised. */
    private static double[][] rowGram(INDArray m) {
        int b = (int) m.rows();
        long p = m.columns();
        INDArray g = Nd4j.zeros(DataType.DOUBLE, b, b);
        long block = Math.max(1, BLOCK_DOUBLES / Math.max(1, b));
        for (long start = 0; start < p; start += block) {
            INDArray mb = columns(m, start, Math.min(p, start + block));
            INDArray prod = mb.mmul(mb.transpose());
            g.addi(prod);
            // Blocks are tens of MB off-heap: free them now, not when the GC next runs.
            mb.close();
            prod.close();
        }
        double[][] out = symmetrised(g.toDoubleMatrix());
        g.close();
        return out;
    }

    /** Mᵀ·M in double (only used when P &lt; B, so M is small). */
    private static double[][] columnGram(INDArray m) {
        INDArray md = m.castTo(DataType.DOUBLE);
        return symmetrised(md.transpose().mmul(md).toDoubleMatrix());
    }

    /** Mᵀ·c as a [P] array in M's dtype, computed in double one column block at a time. */
    private static INDArray transposeTimes(INDArray m, double[] c) {
        return transposeTimes(m, c, m.dataType());
    }

    private static INDArray transposeTimes(INDArray m, double[] c, DataType out) {
        int b = (int) m.rows();
        long p = m.columns();
        INDArray cv = Nd4j.createFromArray(c).reshape(b, 1);
        INDArray result = Nd4j.create(out, p);
        long block = Math.max(1, BLOCK_DOUBLES / Math.max(1, b));
        for (long start = 0; start < p; start += block) {
            long end = Math.min(p, start + block);
            INDArray cols = columns(m, start, end);
            INDArray part = cols.transpose().mmul(cv).reshape(end - start);
            result.get(NDArrayIndex.interval(start, end)).assign(part.castTo(out));
            cols.close();
        }
        return result;
    }

    /** Columns [start, end) of m as a double matrix (a fresh copy). */
    private static INDArray columns(INDArray m, long start, long end) {
        INDArray view = m.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end));
        return view.dataType() == DataType.DOUBLE ? view.dup('c') : view.castTo(DataType.DOUBLE);
    }

    private static double[][] symmetrised(double[][] g) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double avg = 0.5 * (g[i][j] + g[j][i]);
                g[i][j] = avg;
                g[j][i] = avg;
            }
        }
        return g;
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The parameter owning the first Jacobian column (flatten order) that holds NaN or ±Inf. */
    private static String parameterOfFirstNonFiniteColumn(ParamTable params, INDArray jacobian) {
        long offset = 0;
        for (String n : params.names()) {
            long len = params.get(n).length();
            if (len > 0 && !ParamTable.isFinite(columns(jacobian, offset, offset + len))) {
                return n;
            }
            offset += len;
        }
        return "<jacobian>";
    }

    @Override
    public String toString() {
        return "Sven" + config;
    }
}
