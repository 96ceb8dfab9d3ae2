package org.sparkharness.data.text.dedup;

/**
 * The part of numpy's legacy {@code RandomState(seed)} that datatrove uses to draw its MinHash permutations:
 * MT19937 seeded with {@code init_genrand(seed)}, 64-bit draws as two 32-bit outputs (high word first), and
 * {@code randint(low, high, dtype=uint64)} by masked rejection sampling (the legacy, backward-compatible method).
 * Reproducing it bit for bit lets a Spark job and a datatrove run agree on every signature.
 */
final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;

    /** {@code seed} must be in [0, 2^32); numpy rejects anything else. */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numpy RandomState seeds are in [0, 2^32): " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /** Next tempered 32-bit output, as an unsigned value in an int. */
    int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y;
    }

    long nextLong() {
        long hi = nextInt() & 0xFFFF_FFFFL;
        long lo = nextInt() & 0xFFFF_FFFFL;
        return (hi << 32) | lo;
    }

    /**
     * {@code randint(low, high, size=count, dtype=np.uint64)} for {@code 0 <= low < high} and a range above 2^32
     * (the only case datatrove needs: [1, 2^61-1) and [0, 2^61-1)).
     */
    long[] randintUint64(long low, long high, int count) {
        long range = high - 1 - low;
        if (low < 0 || range <= 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("only ranges above 2^32 with low >= 0 are implemented: [" + low
                    + ", " + high + ")");
        }
        long mask = range;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long v;
            do {
                v = nextLong() & mask;
            } while (Long.compareUnsigned(v, range) > 0);
            out[i] = low + v;
        }
        return out;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7FFF_FFFF);
            int next = mt[(k + M) % N] ^ (y >>> 1);
            mt[k] = (y & 1) != 0 ? next ^ 0x9908B0DF : next;
        }
        index = 0;
    }
}
