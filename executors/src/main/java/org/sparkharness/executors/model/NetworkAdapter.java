package org.sparkharness.executors.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.ShapeMismatchException;

/**
 * Translates between a DL4J network's flat parameter/gradient buffer and a named {@link ParamTable}.
 *
 * <p>DL4J keeps all parameters in one flat vector, each named parameter a view with its own order (dense weights
 * are {@code [nIn, nOut]} in 'f' order). The flat layout is what travels between driver and executors; the table is
 * what optimizers and checkpoints see. Not thread-safe: one adapter per network, one network per task thread.
 */
public final class NetworkAdapter {
    private record Slot(String name, long offset, long length, long[] shape, char order) {}

    private final Dl4jNetwork net;
    private final List<Slot> layout;
    private final long numParams;

    public NetworkAdapter(Dl4jNetwork net) {
        this.net = net;
        List<Slot> slots = new ArrayList<>();
        INDArray flat = net.params();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            INDArray view = e.getValue();
            // Where the view sits in the flat vector (a graph's table order need not be its buffer order).
            long at = view.data() == flat.data() || view.data().originalDataBuffer() == flat.data().originalDataBuffer()
                    ? view.offset() - flat.offset() : offset;
            slots.add(new Slot(e.getKey(), at, view.length(), view.shape(), view.ordering()));
            offset += view.length();
        }
        if (offset != net.numParams()) {
            throw new IllegalStateException("parameter views cover " + offset + " of " + net.numParams() + " parameters");
        }
        List<Slot> byOffset = new ArrayList<>(slots);
        byOffset.sort(java.util.Comparator.comparingLong(Slot::offset));
        long next = 0;
        for (Slot s : byOffset) {
            if (s.offset() != next) throw new IllegalStateException("parameter " + s.name() + " is not where expected");
            next += s.length();
        }
        this.layout = List.copyOf(slots);
        this.numParams = offset;
    }

    public Dl4jNetwork network() { return net; }

    public long numParams() { return numParams; }

    /** A copy of the current parameters as a table, in DL4J's layer order. */
    public ParamTable params() {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        net.paramTable().forEach((name, view) -> copy.put(name, view.dup()));
        return ParamTable.of(copy);
    }

    /** Copy of the flat parameter vector (the transport layout). */
    public INDArray flatParams() { return net.params().dup(); }

    /** Loads a flat parameter vector produced by {@link #flatten} or {@link #flatParams}. */
    public void setFlatParams(INDArray flat) {
        if (flat.length() != numParams) {
            throw new ShapeMismatchException("<flat>", new long[] {numParams}, flat.shape(), "setFlatParams");
        }
        net.setParams(flat);
    }

    /** Writes a table's values into the network. */
    public void setParams(ParamTable table) {
        for (Slot s : layout) {
            INDArray value = table.get(s.name());
            INDArray view = net.paramTable().get(s.name());
            if (value.length() != s.length()) {
                throw new ShapeMismatchException(s.name(), s.shape(), value.shape(), "setParams");
            }
            view.assign(value.reshape(s.shape()));
        }
    }

    /** Flat transport vector for a table, in this network's layout (does not touch the network). */
    public INDArray flatten(ParamTable table) {
        INDArray flat = Nd4j.create(net.params().dataType(), numParams);
        for (Slot s : layout) {
            INDArray value = table.get(s.name());
            if (value.length() != s.length()) {
                throw new ShapeMismatchException(s.name(), s.shape(), value.shape(), "flatten");
            }
            // DL4J lays each parameter out in its view's order ('f' for dense weights).
            INDArray ordered = Nd4j.toFlattened(s.order(), value.reshape(s.shape()).castTo(flat.dataType()));
            flat.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length())).assign(ordered);
        }
        return flat;
    }

    /** Views a flat vector in this network's layout (parameters or gradients) as a table of copies. */
    public ParamTable table(INDArray flat) {
        if (flat.length() != numParams) {
            throw new ShapeMismatchException("<flat>", new long[] {numParams}, flat.shape(), "table");
        }
        INDArray vector = flat.reshape(numParams);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Slot s : layout) {
            INDArray slice = vector.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length()));
            out.put(s.name(), slice.dup().reshape(s.order(), s.shape()).dup('c'));
        }
        return ParamTable.of(out);
    }

    /**
     * Reorders the columns of a {@code [B, P]} matrix (a per-example Jacobian) from this network's flat layout to
     * {@code like.flatten()} order: one strided copy per parameter, reading each row's block as an array of the
     * parameter's shape in its own order ('f' for dense weights) and writing it in 'c' order. No Java loop over the
     * B × P values and no intermediate copies.
     */
    public INDArray toTableColumns(INDArray matrix, ParamTable like) {
        if (matrix.rank() != 2 || matrix.size(1) != numParams) {
            throw new ShapeMismatchException("<jacobian>", new long[] {matrix.rows(), numParams}, matrix.shape(),
                    "toTableColumns");
        }
        INDArray src = matrix.ordering() == 'c' && !matrix.isView() ? matrix : matrix.dup('c');
        Map<String, Slot> byName = new java.util.HashMap<>();
        for (Slot s : layout) byName.put(s.name(), s);
        long b = src.size(0);
        INDArray out = Nd4j.create(src.dataType(), new long[] {b, numParams}, 'c');
        long at = 0;
        for (String name : like.names()) {
            Slot s = byName.get(name);
            if (s == null || like.get(name).length() != s.length()) {
                throw new ShapeMismatchException(name, s == null ? new long[0] : s.shape(), like.get(name).shape(),
                        "toTableColumns");
            }
            long[] shape = new long[s.shape().length + 1];
            shape[0] = b;
            System.arraycopy(s.shape(), 0, shape, 1, s.shape().length);
            INDArray from = Nd4j.create(src.data(), shape, strides(shape, s.order(), numParams),
                    src.offset() + s.offset(), 'c', src.dataType());
            INDArray to = Nd4j.create(out.data(), shape, strides(shape, 'c', numParams), at, 'c', out.dataType());
            to.assign(from);
            at += s.length();
        }
        if (at != numParams) {
            throw new ShapeMismatchException("<table>", new long[] {numParams}, new long[] {at}, "toTableColumns");
        }
        return out;
    }

    /** Strides of {@code [B, shape...]} rows {@code rowStride} apart, each row's block laid out in {@code order}. */
    private static long[] strides(long[] shape, char order, long rowStride) {
        long[] st = new long[shape.length];
        st[0] = rowStride;
        long step = 1;
        if (order == 'f') {
            for (int d = 1; d < shape.length; d++) {
                st[d] = step;
                step *= shape[d];
            }
        } else {
            for (int d = shape.length - 1; d >= 1; d--) {
                st[d] = step;
                step *= shape[d];
            }
        }
        return st;
    }
}
