package org.sparkharness.optimizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Adafactor: Adam-like steps whose second moment of an n×m matrix is stored factored, as n row and m column
 * statistics, with a step size relative to the parameter's scale (docs/algorithms/optimizers.md §5). Default semantics:
 * Hugging Face transformers = fairseq = tensor2tensor ({@link Semantics#HF_FAIRSEQ_T2T}):
 * <pre>
 * rel_t = lr, or min(1e-2, 1/√t) (relativeStep), or min(1e-6·t, 1/√t) (warmupInit)
 * lr_t  = rel_t · max(eps2, RMS(p))   (scaleParameter; RMS of the parameter before this step)
 * β2_t  = 1 − t^decayRate             (= 0 at t = 1: no bias correction needed)
 * G2    = g² + eps1
 * rank ≥ 2, factored over the LAST TWO dims (leading dims index independent matrices):
 *     R ← β2_t·R + (1 − β2_t)·mean(G2, −1) ;  C ← β2_t·C + (1 − β2_t)·mean(G2, −2)
 *     U = g · rsqrt(R / mean(R, −1))[…, :, None] · rsqrt(C)[…, None, :]
 * rank ≤ 1:  V ← β2_t·V + (1 − β2_t)·G2 ;  U = g · rsqrt(V)
 * U ← lr_t · U / max(1, RMS(U)/clipThreshold)          RMS over the whole tensor
 * if beta1 set:  M ← β1·M + (1 − β1)·U ;  U ← M
 * p ← p·(1 − wd·lr_t) − U                              weight decay coupled to lr_t
 * </pre>
 * {@link Semantics#TORCH_OPTIM} is {@code torch.optim.Adafactor}'s rule (§5.2): eps1 is not added to g² but clamps,
 * V = R·C / max(mean(R), eps1) and U = g / √max(V, eps1²); the step is ρ_t = min(lr, 1/√t) (lr 1e-2 when
 * {@code relativeStep}) times max(eps2, RMS(p)), always; weight decay is decoupled with the raw lr, p ← p·(1 − lr·wd);
 * no momentum. Defaults and valid ranges are those of {@link AdafactorConfig} (HF's).
 *
 * <p>State: slots {@code row} and {@code col} for the factored tensors ([…, n] and […, m]: n + m values per n×m
 * matrix), {@code v} for the others (their shape), and {@code m} (every parameter's shape) only when beta1 is set.
 * Each slot lists its parameters in params order. Pure: does not mutate its arguments. Computed in three passes per
 * factored tensor (statistics, update RMS, update) and two per unfactored one, in double precision
 * ({@link Elementwise}).
 *
 * <p>Not copied: fairseq overwrites its {@code lr} every step, so with {@code relativeStep = false} and
 * {@code scaleParameter = true} the parameter scale compounds there; here, as in HF, it does not. For conv kernels
 * [out, in, kH, kW] the factored dims are the spatial ones (as in HF), which saves little memory.
 *
 * <p>Reference: N. Shazeer &amp; M. Stern, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost",
 * ICML 2018, arXiv:1804.04235.
 */
public final class Adafactor implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Slot of the row statistics R of the factored (rank ≥ 2) tensors, shape […, n]. */
    public static final String ROW = "row";
    /** Slot of the column statistics C of the factored tensors, shape […, m]. */
    public static final String COL = "col";
    /** Slot of the full second moment V of the rank ≤ 1 tensors. */
    public static final String V = "v";
    /** Slot of the first moment M of every tensor; present only when beta1 is set. */
    public static final String M = "m";

    /** Which published rule. */
    public enum Semantics {
        /** Hugging Face transformers / fairseq / tensor2tensor. The default. */
        HF_FAIRSEQ_T2T,
        /** {@code torch.optim.Adafactor}. */
        TORCH_OPTIM
    }

    private final AdafactorConfig config;
    private final Semantics semantics;

    /** An optimizer with HF semantics. Prefer {@link Optimizers#adafactor(AdafactorConfig)}. */
    public Adafactor(AdafactorConfig config) {
        this(config, Semantics.HF_FAIRSEQ_T2T);
    }

    /**
     * An optimizer with the given semantics.
     *
     * @throws ConfigException if the config uses what {@link Semantics#TORCH_OPTIM} does not have: beta1 (no
     *                         momentum), scaleParameter false (always scaled), warmupInit, clipThreshold below 1
     */
    public Adafactor(AdafactorConfig config, Semantics semantics) {
        this.config = Objects.requireNonNull(config, "config");
        this.semantics = Objects.requireNonNull(semantics, "semantics");
        if (semantics == Semantics.TORCH_OPTIM) {
            if (config.beta1() != null) {
                throw new ConfigException("beta1", config.beta1(), "torch.optim's Adafactor has no momentum");
            }
            if (!config.scaleParameter()) {
                throw new ConfigException("scaleParameter", false, "torch.optim's Adafactor always scales by RMS(p)");
            }
            if (config.warmupInit()) {
                throw new ConfigException("warmupInit", true, "torch.optim's Adafactor has no warmup_init");
            }
            if (config.clipThreshold() < 1) {
                throw new ConfigException("clipThreshold", config.clipThreshold(), "torch.optim requires d >= 1");
            }
        }
    }

    /** The hyperparameters. */
    public AdafactorConfig config() {
        return config;
    }

    /** Which published rule. */
    public Semantics semantics() {
        return semantics;
    }

    @Override
    public String name() {
        return "adafactor";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        ParamTable.Builder row = ParamTable.builder();
        ParamTable.Builder col = ParamTable.builder();
        ParamTable.Builder v = ParamTable.builder();
        for (String n : params.names()) {
            INDArray p = params.get(n);
            if (factored(p.shape())) {
                row.put(n, Nd4j.zeros(p.dataType(), rowShape(p.shape())));
                col.put(n, Nd4j.zeros(p.dataType(), colShape(p.shape())));
            } else {
                v.put(n, Nd4j.zeros(p.dataType(), p.shape()));
            }
        }
        Map<String, ParamTable> slots = new LinkedHashMap<>();
        slots.put(ROW, row.build());
        slots.put(COL, col.build());
        slots.put(V, v.build());
        if (config.beta1() != null) {
            slots.put(M, params.zerosLike());
        }
        return OptimizerState.initial(slots);
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        long t = UpdateChecks.layout("Adafactor", params, grads, state);
        Map<String, long[]> rowShapes = new LinkedHashMap<>();
        Map<String, long[]> colShapes = new LinkedHashMap<>();
        Map<String, long[]> vShapes = new LinkedHashMap<>();
        for (String n : params.names()) {
            long[] shape = params.get(n).shape();
            if (factored(shape)) {
                rowShapes.put(n, rowShape(shape));
                colShapes.put(n, colShape(shape));
            } else {
                vShapes.put(n, shape);
            }
        }
        ParamTable row = slot(state, ROW, rowShapes);
        ParamTable col = slot(state, COL, colShapes);
        ParamTable v = slot(state, V, vShapes);
        ParamTable m = config.beta1() == null ? null : UpdateChecks.slot("Adafactor", state, M, params);

        Constants k = constants(t);
        ParamTable.Builder newParams = ParamTable.builder();
        ParamTable.Builder newRow = ParamTable.builder();
        ParamTable.Builder newCol = ParamTable.builder();
        ParamTable.Builder newV = ParamTable.builder();
        ParamTable.Builder newM = ParamTable.builder();
        String firstBadParam = null;
        for (String n : params.names()) {
            INDArray p = params.get(n);
            INDArray mi = m == null ? null : m.get(n);
            TensorStep s = factored(p.shape())
                    ? new TensorStep(k, p, grads.get(n), row.get(n), col.get(n), null, mi)
                    : new TensorStep(k, p, grads.get(n), null, null, v.get(n), mi);
            s.run();
            // As in Elementwise: the first bad gradient in params order wins over any bad result.
            if (!s.gradFinite) {
                throw new NonFiniteException(n, t, "gradient");
            }
            if (firstBadParam == null && !s.paramFinite) {
                firstBadParam = n;
            }
            newParams.put(n, s.newP);
            if (s.newRow != null) {
                newRow.put(n, s.newRow);
                newCol.put(n, s.newCol);
            } else {
                newV.put(n, s.newV);
            }
            if (s.newM != null) {
                newM.put(n, s.newM);
            }
        }
        if (firstBadParam != null) {
            throw new NonFiniteException(firstBadParam, t, "updated parameter");
        }
        Map<String, ParamTable> slots = new LinkedHashMap<>();
        slots.put(ROW, newRow.build());
        slots.put(COL, newCol.build());
        slots.put(V, newV.build());
        if (m != null) {
            slots.put(M, newM.build());
        }
        return new Step(newParams.build(), state.next(slots));
    }

    /**
     * Per-step scalars of both semantics.
     *
     * @param hf         HF semantics (else torch.optim)
     * @param rel        step size before parameter scaling: HF rel_t, torch ρ_t
     * @param scale      multiply the step size by max(eps2, RMS(p))
     * @param eps2       floor of the parameter scale
     * @param beta2      β2_t = 1 − t^decayRate
     * @param sqAdd      added to g² (HF eps1; torch 0)
     * @param clampSq    floor of V before the square root (torch eps1²; HF 0, no clamp)
     * @param rowMeanMin floor of mean(R) (torch eps1; HF 0)
     * @param clip       clipping threshold d
     * @param decayPerLr HF: decay = 1 − decayPerLr·lr_t (decayPerLr = wd); torch: unused
     * @param fixedDecay torch: decay = 1 − lr·wd; HF: unused
     * @param beta1      momentum, or null (HF only)
     */
    private record Constants(boolean hf, double rel, boolean scale, double eps2, double beta2, double sqAdd,
                             double clampSq, double rowMeanMin, double clip, double decayPerLr, double fixedDecay,
                             Double beta1) {
    }

    private Constants constants(long t) {
        double wd = config.weightDecay();
        double beta2 = 1 - Math.pow(t, config.decayRate());
        if (semantics == Semantics.HF_FAIRSEQ_T2T) {
            double rel = config.relativeStep()
                    ? Math.min(config.warmupInit() ? 1e-6 * t : 1e-2, 1 / Math.sqrt(t))
                    : config.lr();
            return new Constants(true, rel, config.scaleParameter(), config.eps2(), beta2, config.eps1(), 0, 0,
                    config.clipThreshold(), wd, 1, config.beta1());
        }
        double lr = config.relativeStep() ? 1e-2 : config.lr();
        double eps1 = config.eps1();
        return new Constants(false, Math.min(lr, 1 / Math.sqrt(t)), true, config.eps2(), beta2, 0, eps1 * eps1, eps1,
                config.clipThreshold(), 0, 1 - lr * wd, null);
    }

    /** One tensor's step: inputs, passes and outputs. Single use. */
    private static final class TensorStep {
        private final Constants k;
        private final INDArray p;
        private final INDArray g;
        private final INDArray row;
        private final INDArray col;
        private final INDArray v;
        private final INDArray m;
        private final long n;
        INDArray newP;
        INDArray newRow;
        INDArray newCol;
        INDArray newV;
        INDArray newM;
        boolean gradFinite = true;
        boolean paramFinite = true;

        // lanes of one chunk
        private final double[] pl = new double[Elementwise.CHUNK];
        private final double[] gl = new double[Elementwise.CHUNK];
        private final double[] ul = new double[Elementwise.CHUNK];
        private final double[] ml = new double[Elementwise.CHUNK];
        private final Elementwise.Finite check = new Elementwise.Finite();

        TensorStep(Constants k, INDArray p, INDArray g, INDArray row, INDArray col, INDArray v, INDArray m) {
            this.k = k;
            this.p = p;
            this.g = g;
            this.row = row;
            this.col = col;
            this.v = v;
            this.m = m;
            this.n = p.length();
        }

        void run() {
            if (n == 0) {
                // nothing to update; RMS over no elements is undefined
                newP = p.dup();
                newRow = row == null ? null : row.dup();
                newCol = col == null ? null : col.dup();
                newV = v == null ? null : v.dup();
                newM = m == null ? null : m.dup();
                return;
            }
            if (row != null) {
                factoredStep();
            } else {
                unfactoredStep();
            }
        }

        /** Rank ≥ 2: statistics pass, update-RMS pass, update pass; each row of the last two dims is contiguous. */
        private void factoredStep() {
            long[] shape = p.shape();
            int rows = Math.toIntExact(shape[shape.length - 2]);
            int cols = Math.toIntExact(shape[shape.length - 1]);
            int lead = Math.toIntExact(n / ((long) rows * cols));
            Elementwise.Source ps = Elementwise.Source.of(p);
            Elementwise.Source gs = Elementwise.Source.of(g);

            // pass 1: Σ over rows and columns of G2, Σ p², gradient check
            double[] rowStat = new double[lead * rows];
            double[] colSum = new double[lead * cols];
            double pSq = 0;
            check.reset();
            for (int l = 0; l < lead; l++) {
                for (int r = 0; r < rows; r++) {
                    long base = ((long) l * rows + r) * cols;
                    double rowSum = 0;
                    for (int c0 = 0; c0 < cols; c0 += Elementwise.CHUNK) {
                        int len = Math.min(Elementwise.CHUNK, cols - c0);
                        gs.read(base + c0, gl, len);
                        check.add(gl, len);
                        int colBase = l * cols + c0;
                        double sqAdd = k.sqAdd;
                        for (int i = 0; i < len; i++) {
                            double q = gl[i] * gl[i] + sqAdd;
                            ul[i] = q;
                            colSum[colBase + i] += q;
                        }
                        rowSum += Elementwise.sum(ul, len);
                        if (k.scale) {
                            ps.read(base + c0, pl, len);
                            pSq += Elementwise.sumOfSquares(pl, len);
                        }
                    }
                    rowStat[l * rows + r] = rowSum;
                }
            }
            gradFinite = check.finite();

            // the new statistics and the per-row and per-column factors of the update
            double beta2 = k.beta2;
            double[] rowIn = read(row, lead * rows);
            double[] colIn = read(col, lead * cols);
            for (int j = 0; j < rowStat.length; j++) {
                rowStat[j] = beta2 * rowIn[j] + (1 - beta2) * (rowStat[j] / cols);
            }
            double[] colStat = colSum;
            for (int j = 0; j < colStat.length; j++) {
                colStat[j] = beta2 * colIn[j] + (1 - beta2) * (colSum[j] / rows);
            }
            newRow = write(row, rowStat);
            newCol = write(col, colStat);
            // HF: u = g·rowFactor·colFactor, rowFactor = rsqrt(R/mean(R)), colFactor = rsqrt(C).
            // torch: u = g/√max(R·C/rowMean, eps1²), rowMean = max(mean(R), eps1): the clamp does not factor.
            double[] rowFactor = new double[lead * rows];
            double[] rowMean = new double[lead];
            for (int l = 0; l < lead; l++) {
                double mean = 0;
                for (int r = 0; r < rows; r++) {
                    mean += rowStat[l * rows + r];
                }
                mean /= rows;
                rowMean[l] = Math.max(mean, k.rowMeanMin);
                for (int r = 0; r < rows; r++) {
                    rowFactor[l * rows + r] = k.hf ? 1 / Math.sqrt(rowStat[l * rows + r] / mean) : rowStat[l * rows + r];
                }
            }
            double[] colFactor = new double[lead * cols];
            for (int j = 0; j < colFactor.length; j++) {
                colFactor[j] = k.hf ? 1 / Math.sqrt(colStat[j]) : colStat[j];
            }

            // pass 2: RMS(U)
            double uSq = 0;
            for (int l = 0; l < lead; l++) {
                for (int r = 0; r < rows; r++) {
                    long base = ((long) l * rows + r) * cols;
                    for (int c0 = 0; c0 < cols; c0 += Elementwise.CHUNK) {
                        int len = Math.min(Elementwise.CHUNK, cols - c0);
                        gs.read(base + c0, gl, len);
                        factoredU(gl, rowFactor[l * rows + r], rowMean[l], colFactor, l * cols + c0, len);
                        uSq += Elementwise.sumOfSquares(ul, len);
                    }
                }
            }

            // pass 3: the update
            Elementwise.Source ms = m == null ? null : Elementwise.Source.of(m);
            Elementwise.Sink pOut = Elementwise.Sink.like(p);
            Elementwise.Sink mOut = m == null ? null : Elementwise.Sink.like(m);
            Update u = finalUpdate(pSq, uSq);
            for (int l = 0; l < lead; l++) {
                for (int r = 0; r < rows; r++) {
                    long base = ((long) l * rows + r) * cols;
                    for (int c0 = 0; c0 < cols; c0 += Elementwise.CHUNK) {
                        int len = Math.min(Elementwise.CHUNK, cols - c0);
                        gs.read(base + c0, gl, len);
                        ps.read(base + c0, pl, len);
                        factoredU(gl, rowFactor[l * rows + r], rowMean[l], colFactor, l * cols + c0, len);
                        apply(u, ms, mOut, base + c0, len);
                        pOut.write(base + c0, pl, len);
                    }
                }
            }
            newP = pOut.result();
            paramFinite = pOut.finite();
            newM = mOut == null ? null : mOut.result();
        }

        /** Writes U of one chunk of a row into {@code ul}. */
        private void factoredU(double[] gc, double rowFactor, double rowMean, double[] colFactor, int colBase, int len) {
            if (k.hf) {
                for (int i = 0; i < len; i++) {
                    ul[i] = gc[i] * (rowFactor * colFactor[colBase + i]);
                }
            } else {
                double clampSq = k.clampSq;
                for (int i = 0; i < len; i++) {
                    double var = rowFactor * colFactor[colBase + i] / rowMean;
                    ul[i] = gc[i] / Math.sqrt(Math.max(var, clampSq));
                }
            }
        }

        /** Rank ≤ 1: one pass for V, the statistics and RMS(U); one for the update (V recomputed, not re-read). */
        private void unfactoredStep() {
            Elementwise.Source ps = Elementwise.Source.of(p);
            Elementwise.Source gs = Elementwise.Source.of(g);
            Elementwise.Source vs = Elementwise.Source.of(v);
            Elementwise.Sink vOut = Elementwise.Sink.like(v);
            double[] vl = new double[Elementwise.CHUNK];
            double pSq = 0;
            double uSq = 0;
            check.reset();
            for (long off = 0; off < n; off += Elementwise.CHUNK) {
                int len = (int) Math.min(Elementwise.CHUNK, n - off);
                gs.read(off, gl, len);
                vs.read(off, vl, len);
                check.add(gl, len);
                unfactoredU(vl, len);
                vOut.write(off, vl, len);
                uSq += Elementwise.sumOfSquares(ul, len);
                if (k.scale) {
                    ps.read(off, pl, len);
                    pSq += Elementwise.sumOfSquares(pl, len);
                }
            }
            gradFinite = check.finite();
            newV = vOut.result();

            Elementwise.Source ms = m == null ? null : Elementwise.Source.of(m);
            Elementwise.Sink pOut = Elementwise.Sink.like(p);
            Elementwise.Sink mOut = m == null ? null : Elementwise.Sink.like(m);
            Update u = finalUpdate(pSq, uSq);
            for (long off = 0; off < n; off += Elementwise.CHUNK) {
                int len = (int) Math.min(Elementwise.CHUNK, n - off);
                gs.read(off, gl, len);
                vs.read(off, vl, len);
                ps.read(off, pl, len);
                unfactoredU(vl, len);
                apply(u, ms, mOut, off, len);
                pOut.write(off, pl, len);
            }
            newP = pOut.result();
            paramFinite = pOut.finite();
            newM = mOut == null ? null : mOut.result();
        }

        /** From the gradient in {@code gl} and the old V in {@code vl}: the new V into {@code vl}, U into {@code ul}. */
        private void unfactoredU(double[] vl, int len) {
            double beta2 = k.beta2;
            double sqAdd = k.sqAdd;
            double clampSq = k.clampSq;
            for (int i = 0; i < len; i++) {
                double gi = gl[i];
                double vi = beta2 * vl[i] + (1 - beta2) * (gi * gi + sqAdd);
                vl[i] = vi;
                ul[i] = gi / Math.sqrt(Math.max(vi, clampSq));
            }
        }

        /** The scalars of the final pass: p ← p·decay − scale·U (then through the momentum when set). */
        private record Update(double decay, double scale) {
        }

        private Update finalUpdate(double pSq, double uSq) {
            double paramScale = k.scale ? Math.max(k.eps2, Math.sqrt(pSq / n)) : 1;
            double lrT = k.rel * paramScale;
            double clip = Math.max(1, Math.sqrt(uSq / n) / k.clip);
            double decay = k.hf ? 1 - k.decayPerLr * lrT : k.fixedDecay;
            return new Update(decay, lrT / clip);
        }

        /** p ← p·decay − scale·U on the chunk in {@code pl}/{@code ul}, through the momentum when set. */
        private void apply(Update u, Elementwise.Source ms, Elementwise.Sink mOut, long off, int len) {
            double decay = u.decay();
            double scale = u.scale();
            if (ms != null) {
                double b1 = k.beta1;
                ms.read(off, ml, len);
                for (int i = 0; i < len; i++) {
                    double mi = b1 * ml[i] + (1 - b1) * (ul[i] * scale);
                    ml[i] = mi;
                    pl[i] = pl[i] * decay - mi;
                }
                mOut.write(off, ml, len);
            } else {
                for (int i = 0; i < len; i++) {
                    pl[i] = pl[i] * decay - ul[i] * scale;
                }
            }
        }

        private static double[] read(INDArray a, int len) {
            double[] out = new double[len];
            Elementwise.Source.of(a).read(0, out, len);
            return out;
        }

        private static INDArray write(INDArray like, double[] values) {
            Elementwise.Sink s = Elementwise.Sink.like(like);
            s.write(0, values, values.length);
            return s.result();
        }
    }

    /** Whether a tensor of this shape gets factored statistics: rank ≥ 2 (HF, fairseq, torch.optim). */
    static boolean factored(long[] shape) {
        return shape.length >= 2;
    }

    /** Shape of the row statistics: the last dim dropped. */
    static long[] rowShape(long[] shape) {
        return Arrays.copyOf(shape, shape.length - 1);
    }

    /** Shape of the column statistics: the second-to-last dim dropped. */
    static long[] colShape(long[] shape) {
        long[] s = Arrays.copyOf(shape, shape.length - 1);
        s[s.length - 1] = shape[shape.length - 1];
        return s;
    }

    /** A state slot, checked to hold exactly the expected names with the expected shapes. */
    private static ParamTable slot(OptimizerState state, String name, Map<String, long[]> expected) {
        ParamTable s = state.slot(name);
        String context = "Adafactor state slot '" + name + "'";
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] actual = s.contains(e.getKey()) ? s.get(e.getKey()).shape() : null;
            if (!Arrays.equals(e.getValue(), actual)) {
                throw new ShapeMismatchException(e.getKey(), e.getValue(), actual, context);
            }
        }
        for (String n : s.names()) {
            if (!expected.containsKey(n)) {
                throw new ShapeMismatchException(n, null, s.get(n).shape(), context);
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return "Adafactor" + config + "[" + semantics + "]";
    }
}
