package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MinHasher}: determinism, short texts, the datatrove arithmetic and the Jaccard estimate. */
class MinHasherTest {
    private static final MinHasher HASHER = MinHasher.datatroveDefaults();

    @Test
    void identicalAndSimplifiedEqualTextsHaveIdenticalSignatures() {
        String text = "The quick brown fox jumps over the lazy dog near the river bank today";
        long[] sig = HASHER.signature(text);
        assertEquals(112, sig.length);
        assertArrayEquals(sig, HASHER.signature(new String(text.toCharArray())));
        // case, punctuation, whitespace, digits and accents are simplified away
        assertArrayEquals(sig, HASHER.signature("  THE quick, brown fox -- jumps over the lazy dog; near the "
                + "river bank\ttoday!"));
        assertFalse(Arrays.equals(sig, HASHER.signature(text.replace("lazy", "sleepy"))));
        for (long v : sig) {
            assertTrue(v >= 0 && v < MinHasher.PRIME);
        }
    }

    @Test
    void textsWithFewerWordsThanTheShingleSizeHaveNoSignature() {
        assertNull(HASHER.signature(""));
        assertNull(HASHER.signature("one two three four"));
        assertNull(HASHER.signature("!!! ... ---")); // only punctuation: no words at all
        assertEquals(0, HASHER.shingles("one two three four").length);
        // exactly five words: one shingle, and the signature is each permutation applied to it
        long[] shingles = HASHER.shingles("One two three four five");
        assertEquals(1, shingles.length);
        long expectedShingle = ShingleHash.SHA1.newHasher().hash("one two three four five"
                .getBytes(StandardCharsets.UTF_8), 0, 23);
        assertEquals(expectedShingle, shingles[0]);
        long[] sig = HASHER.signature("one two three four five");
        long[] a = HASHER.permutationA();
        long[] b = HASHER.permutationB();
        for (int j = 0; j < sig.length; j++) {
            assertEquals(MinHasher.permute(a[j], b[j], shingles[0]), sig[j]);
        }
    }

    @Test
    void shingleSetIsSortedAndDistinct() {
        long[] s = HASHER.shingles("a b c d e a b c d e a b c d e");
        assertEquals(5, s.length); // "a b c d e", "b c d e a", "c d e a b", "d e a b c", "e a b c d"
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i - 1] < s[i]);
        }
        MinHasher.Sketch sketch = HASHER.sketch("a b c d e a b c d e a b c d e");
        assertArrayEquals(s, sketch.shingles());
        assertArrayEquals(HASHER.signatureOfShingles(s), sketch.signature());
    }

    @Test
    void permutationIsUint64ArithmeticThenModMersenne61() {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        BigInteger p = BigInteger.valueOf(MinHasher.PRIME);
        SplittableRandom rnd = new SplittableRandom(11);
        List<long[]> cases = new ArrayList<>(List.of(new long[] {1, 0, -1}, new long[] {MinHasher.PRIME - 1,
            MinHasher.PRIME - 1, -1}, new long[] {1, MinHasher.PRIME, 0}, new long[] {1, 0, MinHasher.PRIME},
            new long[] {1, 0, 2 * MinHasher.PRIME}, new long[] {1, 6, MinHasher.PRIME}, new long[] {0, 0, 0}));
        for (int i = 0; i < 100_000; i++) {
            cases.add(new long[] {1 + rnd.nextLong(MinHasher.PRIME - 1), rnd.nextLong(MinHasher.PRIME),
                rnd.nextLong()});
        }
        for (long[] c : cases) {
            BigInteger wrapped = new BigInteger(Long.toUnsignedString(c[0])).multiply(
                    new BigInteger(Long.toUnsignedString(c[2]))).add(BigInteger.valueOf(c[1])).mod(two64);
            assertEquals(wrapped.mod(p).longValueExact(), MinHasher.permute(c[0], c[1], c[2]),
                    () -> Arrays.toString(c));
        }
    }

    @Test
    void shingleHashesAreDatatroves() {
        byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
        // SHA-1("hello world") = 2aae6c35c94fcfb4...: first 8 bytes read little-endian
        assertEquals(0xB4CF4FC9356CAE2AL, ShingleHash.SHA1.newHasher().hash(hello, 0, hello.length));
        // the published XXH64 test vector for the empty input, seed 0
        assertEquals(0xEF46DB3751D8E999L, ShingleHash.XXHASH64.newHasher().hash(new byte[8], 3, 0));
        byte[] padded = "xxhello worldyy".getBytes(StandardCharsets.UTF_8);
        assertEquals(ShingleHash.SHA1.newHasher().hash(hello, 0, 11), ShingleHash.SHA1.newHasher().hash(padded, 2,
                11));
        assertEquals(ShingleHash.XXHASH64.newHasher().hash(hello, 0, 11),
                ShingleHash.XXHASH64.newHasher().hash(padded, 2, 11));
        MinHasher xx = new MinHasher(5, 14, 8, 1, ShingleHash.XXHASH64, TextSimplification.defaults());
        assertFalse(Arrays.equals(HASHER.shingles("one two three four five six"), xx.shingles(
                "one two three four five six")));
    }

    @Test
    void sameSeedSameSignaturesOtherSeedOtherOnes() throws Exception {
        String text = "seed determinism means the same permutations in every worker and every run";
        MinHasher again = new MinHasher(5, 14, 8, 1, ShingleHash.SHA1, TextSimplification.defaults());
        assertArrayEquals(HASHER.signature(text), again.signature(text));
        assertArrayEquals(HASHER.permutationA(), again.permutationA());
        MinHasher other = new MinHasher(5, 14, 8, 2, ShingleHash.SHA1, TextSimplification.defaults());
        assertFalse(Arrays.equals(HASHER.permutationA(), other.permutationA()));
        assertFalse(Arrays.equals(HASHER.signature(text), other.signature(text)));
        for (long a : HASHER.permutationA()) {
            assertTrue(a >= 1 && a < MinHasher.PRIME);
        }
        // a copy sent to an executor computes the same signatures
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(HASHER);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertArrayEquals(HASHER.signature(text), ((MinHasher) in.readObject()).signature(text));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new MinHasher(5, 14, 8, -1, ShingleHash.SHA1, TextSimplification.defaults()));
    }

    /**
     * Over 400 pairs with Jaccard spread over [0, 1], the fraction of equal signature values estimates the exact
     * shingle Jaccard J without bias: each estimate is Binomial(112, J)/112, so it must lie within 4.5 standard
     * deviations, and the mean error within 4 standard errors of 0.
     */
    @Test
    void estimatedJaccardTracksExactJaccard() {
        SplittableRandom rnd = new SplittableRandom(99);
        int pairs = 400;
        double sumError = 0;
        double sumVariance = 0;
        double maxSeen = 0;
        double minSeen = 1;
        for (int p = 0; p < pairs; p++) {
            List<String> base = SyntheticText.words(rnd, 120 + rnd.nextInt(80));
            List<String> other = new ArrayList<>(base);
            int replaced = rnd.nextInt(base.size() / 3 + 1);
            for (int k = 0; k < replaced; k++) {
                other.set(rnd.nextInt(other.size()), SyntheticText.word(rnd));
            }
            MinHasher.Sketch x = HASHER.sketch(String.join(" ", base));
            MinHasher.Sketch y = HASHER.sketch(String.join(" ", other));
            double exact = MinHasher.jaccard(x.shingles(), y.shingles());
            double estimate = MinHasher.estimatedJaccard(x.signature(), y.signature());
            double sd = Math.sqrt(exact * (1 - exact) / 112);
            assertTrue(Math.abs(estimate - exact) <= 4.5 * sd + 1e-12,
                    "pair " + p + ": exact " + exact + ", estimate " + estimate);
            sumError += estimate - exact;
            sumVariance += sd * sd;
            maxSeen = Math.max(maxSeen, exact);
            minSeen = Math.min(minSeen, exact);
        }
        double meanError = sumError / pairs;
        double standardError = Math.sqrt(sumVariance) / pairs;
        assertTrue(Math.abs(meanError) <= 4 * standardError, "bias " + meanError + " vs se " + standardError);
        assertTrue(minSeen < 0.2 && maxSeen > 0.95, "the pairs should span [0, 1]: " + minSeen + " .. " + maxSeen);
    }

    @Test
    void jaccardOfSortedSets() {
        assertEquals(0.0, MinHasher.jaccard(new long[0], new long[0]));
        assertEquals(1.0, MinHasher.jaccard(new long[] {1, 2}, new long[] {1, 2}));
        assertEquals(0.5, MinHasher.jaccard(new long[] {-5, 1, 2}, new long[] {-5, 1, 3, 4}), 0.3);
        assertEquals(2.0 / 5, MinHasher.jaccard(new long[] {-5, 1, 2}, new long[] {-5, 1, 3, 4}), 1e-15);
        assertEquals(0.75, MinHasher.estimatedJaccard(new long[] {1, 2, 3, 4}, new long[] {1, 2, 3, 5}));
        assertNotNull(HASHER.toString());
        assertThrows(IllegalArgumentException.class,
                () -> MinHasher.estimatedJaccard(new long[2], new long[3]));
    }
}
