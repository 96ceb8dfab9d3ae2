package org.sparkharness.executors.fedpara;

/**
 * Rank selection and parameter counts for FedPara's low-rank Hadamard product (Hyeon-Woo, Ye-Bin, Oh, ICLR 2022,
 * arXiv 2108.06098), docs/algorithms/federated.md §5.2. Pure static formulas.
 *
 * <p><b>Interpolation rule (project default).</b> {@code r = ⌈(1−γ)·r_min + γ·r_max⌉}. {@code r_min} is the
 * smallest rank with {@code r² ≥ min(dims)}, so that the Hadamard product can still reach full rank; {@code r_max}
 * is the largest rank whose two factor pairs are no larger than the dense weight. When {@code r_min > r_max} the
 * weight cannot be factorised profitably and callers keep it dense ({@link #NOT_FACTORISABLE}).
 *
 * <p>The ceiling forgives a relative 1e-9 of floating-point noise: {@code (1−γ)·r_min + γ·r_max} is computed in
 * binary floating point, and a product such as {@code 0.7·10 + 0.3·20} must give 13, not 14.
 *
 * <p><b>Official notebook rule</b> ({@code _calc_from_ratio}): solves {@code 2(K²r² + r(O+I)) = ratio·OIK²} for r,
 * with the same {@code r² ≥ max} floor the notebook applies. The two rules are not interchangeable (§5.2).
 */
public final class FedParaRanks {
    /** Returned by the rank rules when {@code r_min > r_max}: keep the weight dense. */
    public static final int NOT_FACTORISABLE = 0;

    private static final double CEIL_TOLERANCE = 1e-9;

    private FedParaRanks() {
    }

    /** {@code r_min} of an FC weight: {@code min(⌈√m⌉, ⌈√n⌉)}. */
    public static int fcRankMin(long m, long n) {
        return (int) Math.min(ceilSqrt(m), ceilSqrt(n));
    }

    /** {@code r_max} of an FC weight: {@code ⌊mn / (2(m+n))⌋}, the largest r with {@code 2r(m+n) ≤ mn}. */
    public static int fcRankMax(long m, long n) {
        return (int) (m * n / (2 * (m + n)));
    }

    /**
     * Rank of an {@code m×n} FC weight under the interpolation rule, or {@link #NOT_FACTORISABLE}.
     *
     * @param gamma in [0, 1]: 0 gives r_min, 1 gives r_max
     */
    public static int fcRank(long m, long n, double gamma) {
        requirePositive(m, n, 1);
        return interpolate(fcRankMin(m, n), fcRankMax(m, n), gamma);
    }

    /** {@code r_min} of an O×I×K×K conv weight: {@code min(⌈√O⌉, ⌈√I⌉)}. */
    public static int convRankMin(long out, long in) {
        return (int) Math.min(ceilSqrt(out), ceilSqrt(in));
    }

    /**
     * {@code r_max} of an O×I×K×K conv weight: the floor of the positive root of {@code K²r² + (O+I)r − OIK²/2 = 0},
     * i.e. the largest r with {@code 2(K²r² + r(O+I)) ≤ OIK²} (found in exact integer arithmetic after a
     * floating-point guess, so a root that lands on an integer is not lost to rounding).
     */
    public static int convRankMax(long out, long in, long k) {
        double a = k * k;
        double b = out + in;
        double c = -(double) out * in * k * k / 2.0;
        long r = (long) Math.floor((-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a));
        while (r > 0 && convParams(out, in, k, r) > out * in * k * k) {
            r--;
        }
        while (convParams(out, in, k, r + 1) <= out * in * k * k) {
            r++;
        }
        return (int) r;
    }

    /** Rank of an O×I×K×K conv weight under the interpolation rule, or {@link #NOT_FACTORISABLE}. */
    public static int convRank(long out, long in, long k, double gamma) {
        requirePositive(out, in, k);
        return interpolate(convRankMin(out, in), convRankMax(out, in, k), gamma);
    }

    /**
     * Rank of an O×I×K×K conv weight under the official notebook's {@code _calc_from_ratio}:
     * {@code r = max(⌈√O⌉, ⌈√I⌉, ⌈r3⌉)} with {@code r3 = √((O+I)²/(4K⁴) + ratio·OIK²/(2K²)) − (O+I)/(2K²)}.
     *
     * @param ratio target fraction of the dense parameter count, &gt; 0
     */
    public static int officialConvRank(long out, long in, long k, double ratio) {
        requirePositive(out, in, k);
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("ratio must be > 0, got " + ratio);
        }
        double k2 = (double) k * k;
        double half = (out + in) / (2 * k2);
        double r3 = Math.sqrt(half * half + ratio * out * in * k2 / (2 * k2)) - half;
        return (int) Math.max(Math.max(ceilSqrt(out), ceilSqrt(in)), (long) Math.ceil(r3));
    }

    /** FedPara parameters of an m×n FC weight at rank r: {@code 2r(m+n)} (two pairs X_i, Y_i). */
    public static long fcParams(long m, long n, int r) {
        return 2L * r * (m + n);
    }

    /** FedPara parameters of an O×I×K×K conv weight at rank r: {@code 2(r²K² + r(O+I))} (two triples T_i, X_i, Y_i). */
    public static long convParams(long out, long in, long k, int r) {
        return convParams(out, in, k, (long) r);
    }

    private static long convParams(long out, long in, long k, long r) {
        return 2 * (r * r * k * k + r * (out + in));
    }

    static int interpolate(int rMin, int rMax, double gamma) {
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (rMin > rMax) {
            return NOT_FACTORISABLE;
        }
        double x = (1 - gamma) * rMin + gamma * rMax;
        int r = (int) Math.ceil(x - CEIL_TOLERANCE * Math.max(1, x));
        return Math.max(rMin, Math.min(rMax, r));
    }

    /** {@code ⌈√x⌉} exactly for the sizes that occur (no floating-point surprise at perfect squares). */
    static long ceilSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r < x) {
            r++;
        }
        while (r > 0 && (r - 1) * (r - 1) >= x) {
            r--;
        }
        return r;
    }

    private static void requirePositive(long a, long b, long k) {
        if (a < 1 || b < 1 || k < 1) {
            throw new IllegalArgumentException("layer dimensions must be positive, got " + a + ", " + b + ", K=" + k);
        }
    }
}
