package org.sparkharness.executors.client.fedcac;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sparkharness.optimizers.ParamTable;

/**
 * Per-tensor boolean masks of a client's critical parameters (FedCAC's {@code local_mask}), one bit per parameter,
 * each tensor flattened in C order. A set bit means "critical": the client takes that entry from its customised
 * model; a clear bit takes it from the global model. Kept per client across rounds as personal state, so it is
 * immutable and serializable (BitSets are copied in and out).
 */
public final class CriticalMask implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, BitSet> bits;
    private final LinkedHashMap<String, Integer> sizes;

    private CriticalMask(LinkedHashMap<String, BitSet> bits, LinkedHashMap<String, Integer> sizes) {
        this.bits = bits;
        this.sizes = sizes;
    }

    /**
     * A mask with one entry per key of {@code bits} (in its order), tensor {@code name} having {@code sizes.get(name)}
     * parameters. Both maps and the BitSets are copied.
     *
     * @throws IllegalArgumentException if a name lacks a size, a size is negative, a bit is set at or beyond its
     *     tensor's size, or {@code sizes} names a tensor {@code bits} lacks
     */
    public static CriticalMask of(LinkedHashMap<String, BitSet> bits, Map<String, Integer> sizes) {
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(sizes, "sizes");
        LinkedHashMap<String, BitSet> b = new LinkedHashMap<>();
        LinkedHashMap<String, Integer> s = new LinkedHashMap<>();
        for (Map.Entry<String, BitSet> e : bits.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            BitSet set = Objects.requireNonNull(e.getValue(), () -> "bits for '" + name + "'");
            Integer n = sizes.get(name);
            if (n == null || n < 0) {
                throw new IllegalArgumentException("sizes: tensor '" + name + "' has size " + n);
            }
            if (set.length() > n) {
                throw new IllegalArgumentException("bits: tensor '" + name + "' has bit " + (set.length() - 1)
                        + " set but only " + n + " parameters");
            }
            b.put(name, (BitSet) set.clone());
            s.put(name, n);
        }
        for (String name : sizes.keySet()) {
            if (!b.containsKey(name)) {
                throw new IllegalArgumentException("sizes: tensor '" + name + "' has no bits entry");
            }
        }
        return new CriticalMask(b, s);
    }

    /** Every parameter of {@code shapeOf} critical (the τ = 1 extreme); for tests and initial state. */
    public static CriticalMask all(ParamTable shapeOf) {
        return filled(shapeOf, true);
    }

    /** No parameter critical (τ = 0, or a client before its first round). */
    public static CriticalMask none(ParamTable shapeOf) {
        return filled(shapeOf, false);
    }

    private static CriticalMask filled(ParamTable shapeOf, boolean value) {
        Objects.requireNonNull(shapeOf, "shapeOf");
        LinkedHashMap<String, BitSet> b = new LinkedHashMap<>();
        LinkedHashMap<String, Integer> s = new LinkedHashMap<>();
        for (String name : shapeOf.names()) {
            int n = Math.toIntExact(shapeOf.get(name).length());
            BitSet set = new BitSet(n);
            if (value) {
                set.set(0, n);
            }
            b.put(name, set);
            s.put(name, n);
        }
        return new CriticalMask(b, s);
    }

    /** Tensor names in mask order (unmodifiable). */
    public List<String> names() {
        return List.copyOf(bits.keySet());
    }

    /** A copy of tensor {@code name}'s bits (bit k = C-order element k). */
    public BitSet bits(String name) {
        return (BitSet) require(name).clone();
    }

    /** Whether element {@code index} of tensor {@code name} is critical; no copy. */
    public boolean isCritical(String name, int index) {
        return require(name).get(index);
    }

    /** Number of parameters of tensor {@code name}. */
    public int size(String name) {
        require(name);
        return sizes.get(name);
    }

    /** Tensor sizes in mask order (unmodifiable). */
    public Map<String, Integer> sizes() {
        return Collections.unmodifiableMap(sizes);
    }

    /** Number of critical parameters of tensor {@code name}. */
    public int criticalCount(String name) {
        return require(name).cardinality();
    }

    /** Σ M_i: critical parameters over all tensors. */
    public long criticalCount() {
        long c = 0;
        for (BitSet b : bits.values()) {
            c += b.cardinality();
        }
        return c;
    }

    /** P: parameters over all tensors. */
    public long totalCount() {
        long c = 0;
        for (int n : sizes.values()) {
            c += n;
        }
        return c;
    }

    /**
     * Transmitted size in bytes, {@code ceil(totalCount/8)}: one bit per parameter
     * (docs/algorithms/federated.md §1, "Bytes").
     */
    public long bytes() {
        return (totalCount() + 7) / 8;
    }

    /** Σ|M_this − M_other| over all tensors (the XOR count); layouts must match. */
    long differenceCount(CriticalMask other) {
        long d = 0;
        for (Map.Entry<String, BitSet> e : bits.entrySet()) {
            BitSet x = (BitSet) e.getValue().clone();
            x.xor(other.require(e.getKey()));
            d += x.cardinality();
        }
        return d;
    }

    /** Whether {@code other} covers the same tensor names (same order) with the same sizes. */
    public boolean sameLayout(CriticalMask other) {
        return sizes.equals(other.sizes) && List.copyOf(sizes.keySet()).equals(List.copyOf(other.sizes.keySet()));
    }

    BitSet require(String name) {
        BitSet b = bits.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no mask for tensor '" + name + "'; known: " + bits.keySet());
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CriticalMask m && sameLayout(m) && bits.equals(m.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** Tensor names with critical/total counts, e.g. {@code CriticalMask{0_W=3/8, 0_b=1/2}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CriticalMask{");
        String sep = "";
        for (Map.Entry<String, BitSet> e : bits.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue().cardinality()).append('/')
                    .append(sizes.get(e.getKey()));
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /** Re-validates on read so a tampered or corrupted stream cannot yield bits outside a tensor. */
    @Serial
    private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (bits == null || sizes == null || !bits.keySet().equals(sizes.keySet())) {
            throw new InvalidObjectException("CriticalMask: bits and sizes name different tensors");
        }
        for (Map.Entry<String, BitSet> e : bits.entrySet()) {
            if (e.getValue() == null || e.getValue().length() > sizes.get(e.getKey())) {
                throw new InvalidObjectException("CriticalMask: bits of '" + e.getKey() + "' exceed its size");
            }
        }
    }
}
