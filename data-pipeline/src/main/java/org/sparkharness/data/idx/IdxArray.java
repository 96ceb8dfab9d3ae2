package org.sparkharness.data.idx;

import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The content of an unsigned-byte IDX file: its dimensions and its payload in row-major order.
 *
 * <p>{@code dims[0]} is the item count (examples); the remaining dimensions describe one item ({@code [n]} for
 * labels, {@code [n, rows, cols]} for images). Only ranks 1 and 3 are valid, matching the two supported magics.
 *
 * <p>Ownership: {@code data} is neither copied on construction nor on access (it can be 47 MB); treat it as
 * read-only. {@code dims} is small and copied both ways. Equality compares dimensions and bytes.
 *
 * @param dims item count followed by the item shape; every entry {@code >= 0}
 * @param data the payload, one unsigned byte per element ({@code data[i] & 0xFF})
 */
public record IdxArray(int[] dims, byte[] data) {

    /** Magic number of an unsigned-byte vector (labels). */
    public static final int MAGIC_LABELS = 0x00000801;
    /** Magic number of an unsigned-byte rank-3 tensor (images). */
    public static final int MAGIC_IMAGES = 0x00000803;

    public IdxArray {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(data, "data");
        if (dims.length != 1 && dims.length != 3) {
            throw new IllegalArgumentException("IDX rank must be 1 (labels) or 3 (images), got " + dims.length
                    + " dims " + Arrays.toString(dims));
        }
        dims = dims.clone();
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
        }
        long expected = elementCount(dims);
        if (expected != data.length) {
            throw new IllegalArgumentException("dims " + formatDims(dims) + " = " + expected + " bytes, but data has "
                    + data.length);
        }
    }

    /** Labels: an unsigned-byte vector of {@code values.length} entries. */
    public static IdxArray labels(byte[] values) {
        return new IdxArray(new int[] {values.length}, values);
    }

    /** Images: {@code count} items of {@code rows × cols} unsigned bytes. */
    public static IdxArray images(int count, int rows, int cols, byte[] pixels) {
        return new IdxArray(new int[] {count, rows, cols}, pixels);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The magic number this array is written with: {@link #MAGIC_LABELS} or {@link #MAGIC_IMAGES}. */
    public int magic() {
        return 0x00000800 | dims.length;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of items ({@code dims[0]}). */
    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first (1 for labels, rows·cols for images). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** Element {@code i} of the payload as an unsigned value 0..255. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /** The first {@code n} items, as a new array with a copied payload. */
    public IdxArray head(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("head(" + n + ") of " + count() + " items");
        }
        int[] d = dims.clone();
        d[0] = n;
        return new IdxArray(d, Arrays.copyOf(data, n * itemSize()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray[" + formatDims(dims) + ", magic=" + String.format("0x%08X", magic()) + "]";
    }

    /** {@code 60000×28×28}. */
    static String formatDims(int[] dims) {
        StringJoiner j = new StringJoiner("×");
        for (int d : dims) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    /** Product of the dimensions, as a long so that overflow can be detected by the caller. */
    static long elementCount(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }
}
