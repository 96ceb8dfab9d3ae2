package org.sparkharness.data.score;

/**
 * Per-example scores from a probability row (softmax output) and an integer label. Rows are read from flat
 * row-major {@code float[]} buffers at an offset, as they come out of ND4J, and every sum is accumulated in double
 * so that float32 network outputs lose nothing further here. Stateless.
 */
public final class ScoreMath {
    /** Smallest probability used in the log of {@link #crossEntropy}: a float32 softmax cannot go lower than this. */
    public static final double MIN_PROBABILITY = Float.MIN_VALUE;

    private ScoreMath() {}

    /**
     * EL2N = ‖p − onehot(label)‖₂ for the row {@code p[offset .. offset + numClasses)}; in [0, √2] for a
     * probability row.
     */
    public static double el2n(float[] p, int offset, int numClasses, int label) {
        checkLabel(label, numClasses);
        double sum = 0;
        for (int c = 0; c < numClasses; c++) {
            double d = p[offset + c] - (c == label ? 1.0 : 0.0);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** EL2N of a double row (the reference form used by tests). */
    public static double el2n(double[] p, int label) {
        checkLabel(label, p.length);
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            double d = p[c] - (c == label ? 1.0 : 0.0);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * Last-layer GraNd (DeepCore): for softmax + cross-entropy the output layer's bias gradient is {@code p − y} and
     * its weight gradient is {@code h ⊗ (p − y)}, so their joint norm is ‖p − y‖₂ · √(‖h‖₂² + 1).
     *
     * @param el2n   ‖p − y‖₂ of the example ({@link #el2n})
     * @param h      flat buffer of penultimate activations (the output layer's input)
     * @param offset start of the example's row in {@code h}
     * @param width  the row's length
     */
    public static double lastLayerGrand(double el2n, float[] h, int offset, int width) {
        return el2n * Math.sqrt(squaredNorm(h, offset, width) + 1.0);
    }

    /** Cross-entropy −ln p[label], with p floored at {@link #MIN_PROBABILITY} so an underflowed softmax stays finite. */
    public static double crossEntropy(float[] p, int offset, int numClasses, int label) {
        checkLabel(label, numClasses);
        return -Math.log(Math.max(p[offset + label], MIN_PROBABILITY));
    }

    /** Σ a[i]² over {@code a[offset .. offset + length)}, in double. */
    public static double squaredNorm(float[] a, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            double v = a[i];
            sum += v * v;
        }
        return sum;
    }

    private static void checkLabel(int label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException("label " + label + " is outside 0.." + (numClasses - 1));
        }
    }
}
