package org.sparkharness.optimizers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine under the per-element optimizers (AdamW, Lion, Adam-atan2) and Adafactor's passes: tensors are read in
 * C order, a chunk of {@value #CHUNK} values at a time, into Java arrays (lanes); a kernel computes on the lanes in
 * place; the results go straight into freshly allocated output tensors. A step is therefore one pass over memory
 * with no ND4J temporaries, and the gradient and result checks of {@link UpdateChecks} ride along in the same pass.
 *
 * <p>Why not ND4J ops: each op is a separate pass over memory that allocates its result, and fresh native memory is
 * what a step mostly pays for (page faults; it is released only when the Java wrappers are garbage collected).
 * AdamW written as ops made about ten passes and seven allocations per tensor, four of them temporaries; see
 * {@code bench.StepCost} for the measured costs.
 *
 * <p>Arithmetic: an optimizer gives a double kernel and, optionally, the same rule in float. Float tensors use the
 * float kernel (float arithmetic, as torch and DL4J do for float32; the JIT vectorizes it twice as wide and no value
 * is converted). Everything else uses the double kernel: double tensors directly, float tensors without a float
 * kernel widened per chunk and rounded once on store, other dtypes through a double copy.
 *
 * <p>Memory access: on the CPU backend the host memory is the only copy of an array, so it is read and written
 * through NIO views with bulk gets and puts. On other backends (CUDA) values are copied through ND4J's own API,
 * which keeps device and host in sync; slower, but the same kernels and results.
 *
 * <p>Pure: inputs are only read; every output array is allocated here.
 */
final class Elementwise {
    /** Values per chunk: the lanes of one chunk (a few of 8 KB) stay in the L1 cache. */
    static final int CHUNK = 1024;

    /** Whether arrays' memory can be accessed directly: true on the CPU backend. */
    static final boolean DIRECT = Nd4j.getEnvironment().isCPU();

    private Elementwise() {
    }

    /**
     * A per-element rule applied to one chunk: {@code p} (the parameter) and each {@code slots[k]} (state shaped like
     * the parameter) are updated in place, {@code g} (the gradient) is only read. Elements {@code [0, len)} are valid.
     */
    @FunctionalInterface
    interface Kernel {
        void apply(double[] p, double[] g, double[][] slots, int len);
    }

    /**
     * The same rule in float arithmetic, for float tensors. It exists for speed alone: the JIT (JDK 17) does not
     * vectorize loops that convert between float and double, so widening every value and narrowing every result
     * cost more than the rule itself (AdamW on 1M parameters: 5.4 ns per parameter with the double kernel, 4.0
     * with this one, medians of several runs of {@code bench.StepCost}).
     */
    @FunctionalInterface
    interface FloatKernel {
        void apply(float[] p, float[] g, float[][] slots, int len);
    }

    /**
     * The same rule as ND4J operations on whole tensors, for arrays that live on a device (CUDA): the lane engine would
     * copy every tensor to the host and back each step. {@code p} and {@code slots} are fresh copies to update in
     * place; {@code g} is only read.
     */
    @FunctionalInterface
    interface DeviceKernel {
        void apply(INDArray p, INDArray g, INDArray[] slots);
    }

    /**
     * Whether updates run as {@link DeviceKernel}s where an optimizer has one: on any backend but the CPU. Not final
     * so that the tests can run the device path on the CPU against the lane engine.
     */
    static boolean deviceKernels = !DIRECT;

    /** {@link #update(String, long, ParamTable, ParamTable, OptimizerState, List, Kernel, FloatKernel, DeviceKernel)}
     * for a rule without a device form (its tensors are copied to the host on a device backend). */
    static Optimizer.Step update(String optimizer, long t, ParamTable params, ParamTable grads, OptimizerState state,
                                 List<String> slotNames, Kernel kernel, FloatKernel floatKernel) {
        return update(optimizer, t, params, grads, state, slotNames, kernel, floatKernel, null);
    }

    /**
     * One optimizer step for a rule that is per element: for every parameter, reads p, g and the state slots named
     * {@code slotNames} (each shaped like p) and writes fresh p and slots in one pass. Float tensors whose state is
     * float too go through {@code floatKernel} when there is one and memory is accessed directly; everything else
     * through {@code kernel}, in double.
     *
     * @throws NonFiniteException naming the first parameter (in params order) whose gradient is not finite; if all
     *                            are, the first whose result is not finite
     */
    static Optimizer.Step update(String optimizer, long t, ParamTable params, ParamTable grads, OptimizerState state,
                                 List<String> slotNames, Kernel kernel, FloatKernel floatKernel,
                                 DeviceKernel deviceKernel) {
        int k = slotNames.size();
        List<ParamTable> slots = new ArrayList<>(k);
        for (String s : slotNames) {
            slots.add(UpdateChecks.slot(optimizer, state, s, params));
        }
        ParamTable.Builder newParams = ParamTable.builder();
        List<ParamTable.Builder> newSlots = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            newSlots.add(ParamTable.builder());
        }
        Lanes lanes = new Lanes(k);
        String firstBadParam = null;
        for (String name : params.names()) {
            INDArray param = params.get(name);
            INDArray[] in = new INDArray[k];
            boolean allFloat = param.dataType() == DataType.FLOAT;
            for (int s = 0; s < k; s++) {
                in[s] = slots.get(s).get(name);
                allFloat &= in[s].dataType() == DataType.FLOAT;
            }
            // (an empty tensor has no memory to access: the double path's copies handle it)
            Outputs out = deviceKernels && deviceKernel != null ? stepOps(param, grads.get(name), in, deviceKernel)
                    : DIRECT && allFloat && floatKernel != null && param.length() > 0
                    ? stepFloat(param, grads.get(name), in, floatKernel, lanes)
                    : stepDouble(param, grads.get(name), in, kernel, lanes);
            // Gradient errors come first, so the first bad gradient met in order is the one to report.
            if (!out.gradFinite()) {
                throw new NonFiniteException(name, t, "gradient");
            }
            if (firstBadParam == null && !out.paramFinite()) {
                firstBadParam = name;
            }
            newParams.put(name, out.param());
            for (int s = 0; s < k; s++) {
                newSlots.get(s).put(name, out.slots()[s]);
            }
        }
        if (firstBadParam != null) {
            throw new NonFiniteException(firstBadParam, t, "updated parameter");
        }
        Map<String, ParamTable> next = new LinkedHashMap<>();
        for (int s = 0; s < k; s++) {
            next.put(slotNames.get(s), newSlots.get(s).build());
        }
        return new Optimizer.Step(newParams.build(), state.next(next));
    }

    /** One parameter's step as device operations: copies of p and the slots updated in place, finiteness reduced there. */
    private static Outputs stepOps(INDArray param, INDArray grad, INDArray[] slots, DeviceKernel kernel) {
        boolean gradFinite = !org.nd4j.linalg.indexing.BooleanIndexing.or(grad,
                org.nd4j.linalg.indexing.conditions.Conditions.notFinite());
        INDArray p = param.dup();
        INDArray[] s = new INDArray[slots.length];
        for (int i = 0; i < s.length; i++) s[i] = slots[i].dup();
        kernel.apply(p, grad, s);
        boolean paramFinite = !org.nd4j.linalg.indexing.BooleanIndexing.or(p,
                org.nd4j.linalg.indexing.conditions.Conditions.notFinite());
        return new Outputs(p, s, gradFinite, paramFinite);
    }

    /** One parameter's results. */
    private record Outputs(INDArray param, INDArray[] slots, boolean gradFinite, boolean paramFinite) {
    }

    /** The chunk buffers of one update, reused across parameters. */
    private static final class Lanes {
        final double[] p = new double[CHUNK];
        final double[] g = new double[CHUNK];
        final double[][] s;
        final float[] p32 = new float[CHUNK];
        final float[] g32 = new float[CHUNK];
        final float[][] s32;
        final Finite gradCheck = new Finite();

        Lanes(int k) {
            s = new double[k][CHUNK];
            s32 = new float[k][CHUNK];
        }
    }

    private static Outputs stepDouble(INDArray param, INDArray grad, INDArray[] in, Kernel kernel, Lanes l) {
        int k = in.length;
        long n = param.length();
        Source ps = Source.of(param);
        Source gs = Source.of(grad);
        Source[] ss = new Source[k];
        Sink pOut = Sink.like(param);
        Sink[] sOut = new Sink[k];
        for (int s = 0; s < k; s++) {
            ss[s] = Source.of(in[s]);
            sOut[s] = Sink.like(in[s]);
        }
        l.gradCheck.reset();
        for (long off = 0; off < n; off += CHUNK) {
            int len = (int) Math.min(CHUNK, n - off);
            ps.read(off, l.p, len);
            gs.read(off, l.g, len);
            for (int s = 0; s < k; s++) {
                ss[s].read(off, l.s[s], len);
            }
            l.gradCheck.add(l.g, len);
            kernel.apply(l.p, l.g, l.s, len);
            pOut.write(off, l.p, len);
            for (int s = 0; s < k; s++) {
                sOut[s].write(off, l.s[s], len);
            }
        }
        return outputs(pOut, sOut, l.gradCheck.finite());
    }

    private static Outputs stepFloat(INDArray param, INDArray grad, INDArray[] in, FloatKernel kernel, Lanes l) {
        int k = in.length;
        long n = param.length();
        Source.Floats ps = Source.floats(param);
        Source.Floats gs = Source.floats(grad);
        Source.Floats[] ss = new Source.Floats[k];
        Sink.Floats pOut = Sink.floats(param.shape());
        Sink.Floats[] sOut = new Sink.Floats[k];
        for (int s = 0; s < k; s++) {
            ss[s] = Source.floats(in[s]);
            sOut[s] = Sink.floats(in[s].shape());
        }
        l.gradCheck.reset();
        for (long off = 0; off < n; off += CHUNK) {
            int len = (int) Math.min(CHUNK, n - off);
            ps.readFloats(off, l.p32, len);
            gs.readFloats(off, l.g32, len);
            for (int s = 0; s < k; s++) {
                ss[s].readFloats(off, l.s32[s], len);
            }
            l.gradCheck.add(l.g32, len);
            kernel.apply(l.p32, l.g32, l.s32, len);
            pOut.writeFloats(off, l.p32, len);
            for (int s = 0; s < k; s++) {
                sOut[s].writeFloats(off, l.s32[s], len);
            }
        }
        return outputs(pOut, sOut, l.gradCheck.finite());
    }

    private static Outputs outputs(Sink pOut, Sink[] sOut, boolean gradFinite) {
        INDArray[] slots = new INDArray[sOut.length];
        for (int s = 0; s < sOut.length; s++) {
            slots[s] = sOut[s].result();
        }
        INDArray p = pOut.result();
        return new Outputs(p, slots, gradFinite, pOut.finite());
    }

    /** A per-element map of two tensors, in double lanes: {@code p} is updated in place, {@code g} only read. */
    @FunctionalInterface
    interface PairKernel {
        void apply(double[] p, double[] g, int len);
    }

    /** The same map in float arithmetic, for float tensors (see {@link FloatKernel} for why it exists). */
    @FunctionalInterface
    interface FloatPairKernel {
        void apply(float[] p, float[] g, int len);
    }

    /**
     * A fresh tensor with {@code p}'s dtype and shape whose elements are {@code kernel(p_i, g_i)}, in one pass and
     * with no temporary tensor; {@code g} has {@code p}'s length and both are only read. Float tensors go through
     * {@code floatKernel} when memory is accessed directly.
     */
    static INDArray map(INDArray p, INDArray g, PairKernel kernel, FloatPairKernel floatKernel) {
        long n = p.length();
        if (g.length() != n) {
            throw new IllegalArgumentException("tensors of " + n + " and " + g.length() + " elements");
        }
        if (DIRECT && n > 0 && p.dataType() == DataType.FLOAT && g.dataType() == DataType.FLOAT) {
            Source.Floats ps = Source.floats(p);
            Source.Floats gs = Source.floats(g);
            Sink.Floats out = Sink.floats(p.shape());
            float[] a = new float[CHUNK];
            float[] b = new float[CHUNK];
            for (long off = 0; off < n; off += CHUNK) {
                int len = (int) Math.min(CHUNK, n - off);
                ps.readFloats(off, a, len);
                gs.readFloats(off, b, len);
                floatKernel.apply(a, b, len);
                out.writeFloats(off, a, len);
            }
            return out.result();
        }
        Source ps = Source.of(p);
        Source gs = Source.of(g);
        Sink out = Sink.like(p);
        double[] a = new double[CHUNK];
        double[] b = new double[CHUNK];
        for (long off = 0; off < n; off += CHUNK) {
            int len = (int) Math.min(CHUNK, n - off);
            ps.read(off, a, len);
            gs.read(off, b, len);
            kernel.apply(a, b, len);
            out.write(off, a, len);
        }
        return out.result();
    }

    /**
     * Σ (a_i·b_i)² in double over two tensors of equal length ({@code b} null: Σ a_i²), read a chunk at a time: no
     * temporary tensor, where a cast to double and a product would allocate two of the tensor's size.
     */
    static double squaredNorm(INDArray a, INDArray b) {
        long n = a.length();
        if (b != null && b.length() != n) {
            throw new IllegalArgumentException("tensors of " + n + " and " + b.length() + " elements");
        }
        if (n == 0) {
            return 0;
        }
        Source as = Source.of(a);
        Source bs = b == null ? null : Source.of(b);
        double[] x = new double[CHUNK];
        double[] y = b == null ? null : new double[CHUNK];
        double s = 0;
        for (long off = 0; off < n; off += CHUNK) {
            int len = (int) Math.min(CHUNK, n - off);
            as.read(off, x, len);
            if (bs != null) {
                bs.read(off, y, len);
                for (int i = 0; i < len; i++) {
                    x[i] *= y[i];
                }
            }
            s += sumOfSquares(x, len);
        }
        return s;
    }

    /**
     * Σ x[i] over {@code [0, len)} with eight independent partial sums: one running sum would wait a full add latency
     * per element, which makes it several times slower than the kernels around it.
     */
    static double sum(double[] x, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        for (; i < len; i++) {
            s0 += x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Σ x[i]² over {@code [0, len)}, eight partial sums as in {@link #sum}. */
    static double sumOfSquares(double[] x, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            s0 += x[i] * x[i];
            s1 += x[i + 1] * x[i + 1];
            s2 += x[i + 2] * x[i + 2];
            s3 += x[i + 3] * x[i + 3];
            s4 += x[i + 4] * x[i + 4];
            s5 += x[i + 5] * x[i + 5];
            s6 += x[i + 6] * x[i + 6];
            s7 += x[i + 7] * x[i + 7];
        }
        for (; i < len; i++) {
            s0 += x[i] * x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Tracks whether every value seen is finite, without a branch or a running sum per element (either would stop
     * the loop from vectorizing): {@code x − x} is 0 for finite x and NaN for NaN and ±Inf, and NaN survives the
     * per-lane sums.
     */
    static final class Finite {
        private final double[] acc = new double[CHUNK];
        // float values get float lanes: a loop mixing float and double does not vectorize (JDK 17)
        private final float[] facc = new float[CHUNK];

        void reset() {
            java.util.Arrays.fill(acc, 0);
            java.util.Arrays.fill(facc, 0);
        }

        void add(double[] x, int len) {
            for (int from = 0; from < len; from += CHUNK) {
                int n = Math.min(CHUNK, len - from);
                for (int i = 0; i < n; i++) {
                    acc[i] += x[from + i] - x[from + i];
                }
            }
        }

        void add(float[] x, int len) {
            for (int from = 0; from < len; from += CHUNK) {
                int n = Math.min(CHUNK, len - from);
                for (int i = 0; i < n; i++) {
                    facc[i] += x[from + i] - x[from + i];
                }
            }
        }

        boolean finite() {
            double s = 0;
            for (int i = 0; i < CHUNK; i++) {
                s += acc[i] + facc[i];
            }
            return s == 0;
        }
    }

    /** The values of one tensor in C order, read a range at a time as doubles. */
    abstract static class Source {
        /** Copies elements {@code [from, from + len)} (C order) into {@code dst[0, len)}. */
        abstract void read(long from, double[] dst, int len);

        /** A source over {@code a}; does not copy {@code a} when its memory can be read directly. */
        static Source of(INDArray a) {
            if (a.length() == 0) {
                return new Heap(new double[0]);
            }
            if (!DIRECT) {
                return copying(a);
            }
            if (a.dataType() == DataType.FLOAT) {
                return floats(a);
            }
            INDArray x = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
            if (!isCContiguous(x)) {
                x = x.dup('c');
            }
            checkIndexable(x);
            return new Doubles(x.data().asNioDouble(), (int) x.offset());
        }

        /** A float source over {@code a}, which must be a float array whose memory is accessed directly. */
        static Floats floats(INDArray a) {
            INDArray x = isCContiguous(a) ? a : a.dup('c');
            checkIndexable(x);
            return new Floats(x.data().asNioFloat(), (int) x.offset());
        }

        /** A source over a copy of {@code a}'s values made through ND4J's API (any backend). */
        static Source copying(INDArray a) {
            return new Heap(ParamTable.valuesC(a));
        }

        static final class Floats extends Source {
            private final FloatBuffer buf;
            private final int base;
            private float[] scratch = new float[CHUNK];

            Floats(FloatBuffer buf, int base) {
                this.buf = buf;
                this.base = base;
            }

            @Override
            void read(long from, double[] dst, int len) {
                if (scratch.length < len) {
                    scratch = new float[len];
                }
                float[] f = scratch;
                buf.get(base + (int) from, f, 0, len);
                for (int i = 0; i < len; i++) {
                    dst[i] = f[i];
                }
            }

            /** Copies elements {@code [from, from + len)} into {@code dst[0, len)} as they are. */
            void readFloats(long from, float[] dst, int len) {
                buf.get(base + (int) from, dst, 0, len);
            }
        }

        private static final class Doubles extends Source {
            private final DoubleBuffer buf;
            private final int base;

            Doubles(DoubleBuffer buf, int base) {
                this.buf = buf;
                this.base = base;
            }

            @Override
            void read(long from, double[] dst, int len) {
                buf.get(base + (int) from, dst, 0, len);
            }
        }

        private static final class Heap extends Source {
            private final double[] values;

            Heap(double[] values) {
                this.values = values;
            }

            @Override
            void read(long from, double[] dst, int len) {
                System.arraycopy(values, (int) from, dst, 0, len);
            }
        }
    }

    /** A fresh tensor filled in C order, a range at a time, from doubles. */
    abstract static class Sink {
        /** Sees every value as stored, i.e. after rounding to the tensor's dtype, which may overflow. */
        final Finite check = new Finite();

        /** Writes {@code src[0, len)} to elements {@code [from, from + len)} (C order). */
        abstract void write(long from, double[] src, int len);

        /** The filled tensor, after every element has been written. */
        abstract INDArray result();

        /** Whether every value of {@link #result()} is finite. */
        boolean finite() {
            return check.finite();
        }

        /** A sink for a tensor with {@code a}'s dtype and shape. */
        static Sink like(INDArray a) {
            return of(a.dataType(), a.shape());
        }

        /** A sink for a fresh tensor of the given dtype and shape. */
        static Sink of(DataType dtype, long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (!DIRECT || n == 0) {
                return copying(dtype, shape);
            }
            if (dtype == DataType.FLOAT) {
                return floats(shape);
            }
            INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
            checkIndexable(out);
            return new Doubles(out, dtype);
        }

        /** A sink for a fresh float tensor of the given shape, in directly accessed memory. */
        static Floats floats(long[] shape) {
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            checkIndexable(out);
            return new Floats(out);
        }

        /** A sink that collects values on the heap and creates the tensor through ND4J's API (any backend). */
        static Sink copying(DataType dtype, long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return new Heap(dtype, shape, n);
        }

        static final class Floats extends Sink {
            private final INDArray out;
            private final FloatBuffer buf;
            private float[] scratch = new float[CHUNK];

            Floats(INDArray out) {
                this.out = out;
                this.buf = out.data().asNioFloat();
            }

            @Override
            void write(long from, double[] src, int len) {
                if (scratch.length < len) {
                    scratch = new float[len];
                }
                float[] f = scratch;
                for (int i = 0; i < len; i++) {
                    f[i] = (float) src[i];
                }
                check.add(f, len);
                buf.put((int) (out.offset() + from), f, 0, len);
            }

            /** Writes {@code src[0, len)} to elements {@code [from, from + len)} as they are. */
            void writeFloats(long from, float[] src, int len) {
                check.add(src, len);
                buf.put((int) (out.offset() + from), src, 0, len);
            }

            @Override
            INDArray result() {
                return out;
            }
        }

        /** Double storage; other dtypes than double are cast from it at the end. */
        private static final class Doubles extends Sink {
            private final INDArray out;
            private final DoubleBuffer buf;
            private final DataType dtype;
            private INDArray result;

            Doubles(INDArray out, DataType dtype) {
                this.out = out;
                this.buf = out.data().asNioDouble();
                this.dtype = dtype;
            }

            @Override
            void write(long from, double[] src, int len) {
                check.add(src, len);
                buf.put((int) (out.offset() + from), src, 0, len);
            }

            @Override
            INDArray result() {
                if (result == null) {
                    result = dtype == DataType.DOUBLE ? out : out.castTo(dtype);
                }
                return result;
            }

            @Override
            boolean finite() {
                return dtype == DataType.DOUBLE ? check.finite() : ParamTable.isFinite(result());
            }
        }

        private static final class Heap extends Sink {
            private final DataType dtype;
            private final long[] shape;
            private final double[] values;

            Heap(DataType dtype, long[] shape, long n) {
                this.dtype = dtype;
                this.shape = shape.clone();
                this.values = new double[Math.toIntExact(n)];
            }

            @Override
            void write(long from, double[] src, int len) {
                System.arraycopy(src, 0, values, (int) from, len);
            }

            private INDArray result;

            @Override
            INDArray result() {
                if (result == null) {
                    INDArray a = values.length == 0 ? Nd4j.create(DataType.DOUBLE, shape) : Nd4j.create(values, shape, 'c');
                    result = a.dataType() == dtype ? a : a.castTo(dtype);
                }
                return result;
            }

            @Override
            boolean finite() {
                return ParamTable.isFinite(result());
            }
        }
    }

    /** Whether {@code a}'s elements lie in C order, one after another, from {@code a.offset()} in its buffer. */
    static boolean isCContiguous(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** NIO buffers are int-indexed: 2^31 elements per buffer is the limit of direct access. */
    private static void checkIndexable(INDArray a) {
        if (a.offset() + a.length() > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("tensor of " + a.length() + " elements at offset " + a.offset()
                    + " is too large for direct access (limit 2^31 - 1)");
        }
    }
}
