package org.sparkharness.data.text.words;

/**
 * Hashes for open-addressing tables over text spans ({@link Tokens#wordId}, the quality filters' tables). Every table
 * confirms a hash hit by comparing the actual text, so collisions cost time but never change a result.
 */
public final class Hashing {
    private Hashing() {}

    /** {@link String#hashCode()} of {@code s[start, end)} without the substring. */
    public static int chars(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + s.charAt(i);
        return h;
    }

    /** MurmurHash3's 32-bit finaliser: spreads the low bits used as a table index. */
    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** MurmurHash3's 64-bit finaliser folded to an int. */
    public static int mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Smallest power of two {@code >= 2 * n} (at least 8): a table at most half full. */
    public static int tableSize(int n) {
        return Math.max(8, Integer.highestOneBit(Math.max(1, n) * 2 - 1) << 1);
    }
}
