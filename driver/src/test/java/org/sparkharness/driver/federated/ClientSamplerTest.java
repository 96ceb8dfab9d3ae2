package org.sparkharness.driver.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientSamplerTest {

    @Test
    void samplesKDistinctClientsSortedAndSeededByRound() {
        int[] a = ClientSampler.sample(30, 10, 7, 3);
        assertEquals(10, a.length);
        assertEquals(10, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.stream(a).allMatch(c -> c >= 0 && c < 30));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, a);
        assertArrayEquals(a, ClientSampler.sample(30, 10, 7, 3), "same (seed, round), same clients");
        assertFalse(Arrays.equals(a, ClientSampler.sample(30, 10, 7, 4)), "another round, other clients");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, ClientSampler.sample(5, 5, 1, 9), "full participation");
    }

    @Test
    void samplingIsUniform() {
        int[] counts = new int[20];
        int rounds = 20_000;
        for (int t = 0; t < rounds; t++) for (int c : ClientSampler.sample(20, 5, 11, t)) counts[c]++;
        double expected = rounds * 5 / 20.0;
        for (int c : counts) assertEquals(expected, c, 0.05 * expected);
    }

    @Test
    void stragglersAreTheSampledMinusRoundedActiveCount() {
        int[] sampled = ClientSampler.sample(30, 10, 3, 0);
        int[] s = ClientSampler.stragglers(sampled, 0.9, 3, 0);
        assertEquals(9, s.length, "round(10 * 0.1) = 1 active client");
        Set<Integer> chosen = new HashSet<>();
        for (int c : sampled) chosen.add(c);
        for (int c : s) assertTrue(chosen.contains(c));
        assertEquals(5, ClientSampler.stragglers(sampled, 0.5, 3, 0).length);
        assertEquals(0, ClientSampler.stragglers(sampled, 0.0, 3, 0).length);
        assertArrayEquals(s, ClientSampler.stragglers(sampled, 0.9, 3, 0));
    }

    @Test
    void partialEpochsAreUniformBelowE() {
        int[] counts = new int[20];
        for (int c = 0; c < 19_000; c++) counts[ClientSampler.partialEpochs(20, 5, 2, c)]++;
        assertEquals(0, counts[0]);
        for (int e = 1; e < 20; e++) assertEquals(1000, counts[e], 150, "epochs " + e);
        assertEquals(ClientSampler.partialEpochs(20, 5, 2, 7), ClientSampler.partialEpochs(20, 5, 2, 7));
    }
}
