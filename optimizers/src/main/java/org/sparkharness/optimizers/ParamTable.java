package org.sparkharness.optimizers;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * An immutable, ordered map from parameter name to tensor: the one currency in which parameters, gradients, updates
 * and optimizer state move between optimizers, the parameter server, federated aggregation and checkpoints.
 *
 * <p><b>Order.</b> Iteration follows insertion order, so DL4J names ({@code 0_W, 0_b, 1_W, ...}) stay in layer order
 * and {@link #flatten()} lays tensors out in the order the network's own flat parameter vector does.
 *
 * <p><b>Ownership rule.</b> A function may mutate an {@link INDArray} only if it allocated it in the same call.
 * Nothing in this module mutates its inputs: {@code m.mul(b1).addi(g.mul(1 - b1))} is fine ({@code addi} mutates a
 * fresh result), {@code m.muli(b1)} on an input is not. The table copies its map but not the arrays, so the same
 * rule keeps a table immutable in practice; use {@link #dup()} before handing arrays to code that mutates them.
 *
 * <p><b>Serialization.</b> Java serialization writes names, shapes, dtypes and values explicitly (the
 * {@link ParamCodec} format) and never relies on {@code INDArray}'s own {@code Serializable}.
 *
 * <p>Thread-safe for reading; all operations return new tables.
 */
public final class ParamTable implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Unmodifiable, insertion-ordered. Not serialized directly: see {@link SerialForm}. */
    private final transient Map<String, INDArray> arrays;
    private final transient List<String> names;

    private ParamTable(LinkedHashMap<String, INDArray> arrays) {
        this.arrays = Collections.unmodifiableMap(arrays);
        this.names = List.copyOf(arrays.keySet());
    }

    /**
     * A table holding the entries of {@code arrays} in the map's iteration order (use a {@link LinkedHashMap} to
     * control it). The map is copied; the arrays are not.
     *
     * @throws NullPointerException if a name or an array is null
     */
    public static ParamTable of(Map<String, INDArray> arrays) {
        Objects.requireNonNull(arrays, "arrays");
        Builder b = builder();
        arrays.forEach(b::put);
        return b.build();
    }

    /** A builder that keeps the order in which entries are put. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects entries in insertion order; rejects duplicate names. Not thread-safe; single use. */
    public static final class Builder {
        private LinkedHashMap<String, INDArray> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds one entry after those already put.
         *
         * @throws IllegalArgumentException if {@code name} was already put
         */
        public Builder put(String name, INDArray array) {
            Objects.requireNonNull(name, "parameter name");
            Objects.requireNonNull(array, () -> "array for parameter '" + name + "'");
            if (entries == null) {
                throw new IllegalStateException("build() was already called on this builder");
            }
            if (entries.putIfAbsent(name, array) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
            }
            return this;
        }

        /** The table; the builder cannot be used afterwards. */
        public ParamTable build() {
            if (entries == null) {
                throw new IllegalStateException("build() was already called on this builder");
            }
            ParamTable t = new ParamTable(entries);
            entries = null;
            return t;
        }
    }

    /** Parameter names in table order (unmodifiable). */
    public List<String> names() {
        return names;
    }

    /**
     * The tensor stored under {@code name}. Callers must not mutate it (see the ownership rule).
     *
     * @throws UnknownParameterException if there is no such parameter; its message lists the known names
     */
    public INDArray get(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new UnknownParameterException(name, names);
        }
        return a;
    }

    /** Whether a parameter called {@code name} exists. */
    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /** Number of tensors. */
    public int size() {
        return arrays.size();
    }

    /** Total number of scalar values over all tensors. */
    public long numParams() {
        long n = 0;
        for (INDArray a : arrays.values()) {
            n += a.length();
        }
        return n;
    }

    /** Each parameter's shape, in table order (unmodifiable map of fresh arrays). */
    public Map<String, long[]> shapes() {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        arrays.forEach((n, a) -> out.put(n, a.shape()));
        return Collections.unmodifiableMap(out);
    }

    /** A table with {@code f} applied to every tensor, same names and order. */
    public ParamTable map(UnaryOperator<INDArray> f) {
        Objects.requireNonNull(f, "f");
        return mapNamed((n, a) -> f.apply(a));
    }

    /** A table with {@code f(name, tensor)} applied to every entry, same names and order. */
    public ParamTable mapNamed(BiFunction<String, INDArray, INDArray> f) {
        Objects.requireNonNull(f, "f");
        Builder b = builder();
        arrays.forEach((n, a) -> b.put(n, f.apply(n, a)));
        return b.build();
    }

    /**
     * A table with {@code f(this[name], other[name])} for every name, in this table's order.
     *
     * @throws ShapeMismatchException if the two tables do not hold the same names with the same shapes
     */
    public ParamTable zipWith(ParamTable other, BinaryOperator<INDArray> f) {
        Objects.requireNonNull(f, "f");
        requireSameLayout(other, "zipWith");
        return mapNamed((n, a) -> f.apply(a, other.arrays.get(n)));
    }

    /**
     * Checks that {@code other} holds exactly this table's names (in any order) with the same shapes.
     *
     * @param context where the check is made, quoted in the exception
     * @throws ShapeMismatchException naming the first parameter that is missing, extra or of another shape
     */
    public void requireSameLayout(ParamTable other, String context) {
        Objects.requireNonNull(other, "other");
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray o = other.arrays.get(e.getKey());
            long[] expected = e.getValue().shape();
            if (o == null || !Arrays.equals(expected, o.shape())) {
                throw new ShapeMismatchException(e.getKey(), expected, o == null ? null : o.shape(), context);
            }
        }
        if (other.size() != size()) {
            for (Map.Entry<String, INDArray> e : other.arrays.entrySet()) {
                if (!arrays.containsKey(e.getKey())) {
                    throw new ShapeMismatchException(e.getKey(), null, e.getValue().shape(), context);
                }
            }
        }
    }

    /** A table of zero tensors with this table's names, shapes and dtypes. */
    public ParamTable zerosLike() {
        return map(a -> Nd4j.zeros(a.dataType(), a.shape()));
    }

    /** A deep copy: same names, fresh arrays that may be mutated by whoever receives them. */
    public ParamTable dup() {
        return map(INDArray::dup);
    }

    /**
     * All tensors in one fresh, contiguous 1-D array: each tensor in C (row-major) order, tensors in {@link #names()}
     * order, converted to the dtype of the first entry (the default floating type for an empty table).
     */
    public INDArray flatten() {
        DataType dtype = arrays.isEmpty() ? Nd4j.defaultFloatingPointType() : arrays.get(names.get(0)).dataType();
        INDArray flat = Nd4j.create(dtype, numParams());
        long offset = 0;
        for (INDArray a : arrays.values()) {
            long n = a.length();
            if (n > 0) {
                INDArray row = asCVector(a);
                flat.get(NDArrayIndex.interval(offset, offset + n)).assign(row.dataType() == dtype ? row : row.castTo(dtype));
            }
            offset += n;
        }
        return flat;
    }

    /**
     * The inverse of {@link #flatten()}: a new table with this table's names, shapes and dtypes whose values are read
     * from {@code flat} in the same layout. The result owns fresh arrays; {@code flat} is not referenced.
     *
     * @throws ShapeMismatchException if {@code flat} is not a vector of length {@link #numParams()}
     */
    public ParamTable unflatten(INDArray flat) {
        Objects.requireNonNull(flat, "flat");
        long total = numParams();
        if (!(flat.rank() <= 1 || flat.isVector()) || flat.length() != total) {
            throw new ShapeMismatchException("<flat>", new long[] {total}, flat.shape(), "unflatten");
        }
        INDArray vec = asCVector(flat);
        long[] offset = {0};
        return map(a -> {
            long n = a.length();
            INDArray part = n == 0 ? Nd4j.create(a.dataType(), a.shape())
                    : vec.get(NDArrayIndex.interval(offset[0], offset[0] + n)).dup('c').reshape('c', a.shape());
            offset[0] += n;
            return part.dataType() == a.dataType() ? part : part.castTo(a.dataType());
        });
    }

    /** The name of the first tensor (in table order) that contains NaN or ±Inf, if any. */
    public Optional<String> firstNonFinite() {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            if (!isFinite(e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether every element of {@code a} is finite. One reduction in the common case. */
    static boolean isFinite(INDArray a) {
        if (a.isEmpty() || !a.dataType().isFPType()) {
            return true;
        }
        // NaN and Inf propagate through a sum, so a finite sum proves all elements finite; a non-finite sum may just
        // be overflow, which the exact element checks rule out.
        if (Double.isFinite(a.sumNumber().doubleValue())) {
            return true;
        }
        return !BooleanIndexing.or(a, Conditions.isNan()) && !BooleanIndexing.or(a, Conditions.isInfinite());
    }

    /** Sum over all tensors of the sum of squared elements, accumulated in double precision. */
    public double squaredNorm() {
        double s = 0;
        for (INDArray a : arrays.values()) {
            s += Elementwise.squaredNorm(a, null);
        }
        return s;
    }

    /**
     * Whether both tables hold the same names in the same order with the same shapes, and every pair of elements
     * satisfies {@code |a - b| <= relTol * max(|a|, |b|)}. Dtypes may differ. Meant for tests.
     */
    public boolean equalsApprox(ParamTable other, double relTol) {
        if (!names.equals(other.names)) {
            return false;
        }
        for (String n : names) {
            INDArray a = arrays.get(n);
            INDArray b = other.arrays.get(n);
            if (!Arrays.equals(a.shape(), b.shape())) {
                return false;
            }
            double[] x = valuesC(a);
            double[] y = valuesC(b);
            for (int i = 0; i < x.length; i++) {
                boolean close = x[i] == y[i] || Math.abs(x[i] - y[i]) <= relTol * Math.max(Math.abs(x[i]), Math.abs(y[i]));
                if (!close) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code a} as a rank-1 array in C order (a view when the layout allows). Beware ND4J's overloads:
     * {@code a.reshape('c', n)} with a {@code long n} resolves to {@code reshape(long, long)}, i.e. shape [99, n].
     */
    static INDArray asCVector(INDArray a) {
        return a.reshape('c', new long[] {a.length()});
    }

    /** A tensor's values in C order as doubles. */
    static double[] valuesC(INDArray a) {
        return a.length() == 0 ? new double[0] : asCVector(a).toDoubleVector();
    }

    /**
     * Exact equality: same names in the same order, and per name the same shape, dtype and bit-identical values
     * (NaN equals NaN). Costs a pass over all values.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ParamTable other) || !names.equals(other.names)) {
            return false;
        }
        for (String n : names) {
            INDArray a = arrays.get(n);
            INDArray b = other.arrays.get(n);
            if (a.dataType() != b.dataType() || !Arrays.equals(a.shape(), b.shape())
                    || !Arrays.equals(valuesC(a), valuesC(b))) {
                return false;
            }
        }
        return true;
    }

    /** Hash of names and shapes only (values are compared by {@link #equals}). */
    @Override
    public int hashCode() {
        int h = names.hashCode();
        for (INDArray a : arrays.values()) {
            h = 31 * h + Arrays.hashCode(a.shape());
        }
        return h;
    }

    /** Names with shapes and dtypes, e.g. {@code ParamTable{0_W=[784, 100] FLOAT, 0_b=[100] FLOAT}}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(names.size());
        arrays.forEach((n, a) -> parts.add(n + "=" + Arrays.toString(a.shape()) + " " + a.dataType()));
        return "ParamTable{" + String.join(", ", parts) + "}";
    }

    @Serial
    private Object writeReplace() {
        return new SerialForm(this);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ParamTable is deserialized through its serial form");
    }

    /** Serialization proxy: writes the table in the {@link ParamCodec} format inside the object stream. */
    private static final class SerialForm implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private transient ParamTable table;

        SerialForm(ParamTable table) {
            this.table = table;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            ParamCodec.writeTo(table, out);
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            table = ParamCodec.readFrom(in);
        }

        @Serial
        private Object readResolve() {
            return table;
        }
    }
}
