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
}
