package org.sparkharness.executors.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparkharness.optimizers.config.ConfigException;

class StragglerModelTest {

    /** Plain JSON: executors has no YAML binding on its classpath (the driver's loader is tested in the driver). */
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final int N = 20_000;

    /** The i-th of N distinct (round, worker) keys: 1000 rounds x 20 workers. */
    private static long round(int i) { return i / 20; }
    private static int worker(int i) { return i % 20; }

    private static List<StragglerModel> everyModel() {
        StragglerModel exp = new ShiftedExponential(5L, 20.0);
        return List.of(new NoStragglers(), exp, new Spikes(0.3, 100L, exp),
                new PhaseChange(3L, exp, new NoStragglers()),
                new SlowWorkers(List.of(1), 10L, 2.0, exp));
    }

    @Test
    void everyModelIsAPureFunctionOfItsKey() {
        for (StragglerModel m : everyModel()) {
            for (int i = 0; i < 200; i++) {
                long first = m.delayMillis(7, round(i), worker(i), 12.5);
                // interleave other keys: no shared state may leak between calls
                m.delayMillis(8, round(i) + 1, worker(i) + 1, 3.0);
                assertEquals(first, m.delayMillis(7, round(i), worker(i), 12.5), m + " key " + i);
            }
        }
    }

    @Test
    void randomModelsDifferAcrossWorkersRoundsAndSeeds() {
        for (StragglerModel m : List.of(new ShiftedExponential(0L, 40.0), new Spikes(0.5, 100L, null))) {
            Set<Long> acrossWorkers = new HashSet<>(), acrossRounds = new HashSet<>(), acrossSeeds = new HashSet<>();
            for (int k = 0; k < 50; k++) {
                acrossWorkers.add(m.delayMillis(1, 3, k, 0));
                acrossRounds.add(m.delayMillis(1, k, 3, 0));
                acrossSeeds.add(m.delayMillis(k, 3, 3, 0));
            }
            assertTrue(acrossWorkers.size() > 1 && acrossRounds.size() > 1 && acrossSeeds.size() > 1, m.toString());
        }
    }

    @Test
    void shiftedExponentialHasItsMeanMinimumAndMedian() {
        long shift = 15;
        double mean = 40;
        ShiftedExponential m = new ShiftedExponential(shift, mean);
        double sum = 0;
        long min = Long.MAX_VALUE;
        int aboveMedian = 0;
        double median = shift + mean * Math.log(2);
        for (int i = 0; i < N; i++) {
            long d = m.delayMillis(42, round(i), worker(i), 0);
            sum += d;
            min = Math.min(min, d);
            if (d > median) aboveMedian++;
        }
        double se = mean / Math.sqrt(N); // sd of Exp(mean) is mean; rounding adds ~0.3 ms sd, negligible
        assertEquals(shift + mean, sum / N, 3 * se);
        assertTrue(min >= shift, "min " + min);
        // rounding moves the cut by up to 0.5 ms, where the density is 0.5 / mean
        assertEquals(0.5, (double) aboveMedian / N, 3 * Math.sqrt(0.25 / N) + 0.25 / mean);
    }

    @Test
    void spikesHitWithTheirProbabilityOnTopOfTheBase() {
        double p = 0.05;
        Spikes m = new Spikes(p, 500L, null);
        int spiked = 0;
        for (int i = 0; i < N; i++) {
            long d = m.delayMillis(42, round(i), worker(i), 0);
            assertTrue(d == 0 || d == 500, "delay " + d);
            if (d == 500) spiked++;
        }
        assertEquals(p, (double) spiked / N, 4 * Math.sqrt(p * (1 - p) / N));

        Spikes never = new Spikes(0.0, 500L, null), always = new Spikes(1.0, 500L, null);
        for (int i = 0; i < 2000; i++) {
            assertEquals(0, never.delayMillis(42, round(i), worker(i), 0));
            assertEquals(500, always.delayMillis(42, round(i), worker(i), 0));
        }

        StragglerModel base = new ShiftedExponential(5L, 20.0);
        Spikes onBase = new Spikes(0.3, 100L, base);
        int spikedOnBase = 0;
        for (int i = 0; i < 2000; i++) {
            long r = round(i);
            int w = worker(i);
            long extra = onBase.delayMillis(42, r, w, 9.0) - base.delayMillis(42, r, w, 9.0);
            assertTrue(extra == 0 || extra == 100, "extra " + extra);
            if (extra == 100) spikedOnBase++;
        }
        assertTrue(spikedOnBase > 400 && spikedOnBase < 800, "spikes " + spikedOnBase); // 600 expected, sd ~20
    }

    @Test
    void spikesAreIndependentOfAShiftedExponentialBase() {
        // the spike draw must not reuse the base's uniform: spiked and unspiked draws have the same base mean
        StragglerModel base = new ShiftedExponential(0L, 40.0);
        Spikes m = new Spikes(0.5, 1000L, base);
        double sumSpiked = 0, sumPlain = 0;
        int spiked = 0;
        for (int i = 0; i < N; i++) {
            long b = base.delayMillis(3, round(i), worker(i), 0);
            if (m.delayMillis(3, round(i), worker(i), 0) > b) { sumSpiked += b; spiked++; } else sumPlain += b;
        }
        double diff = sumSpiked / spiked - sumPlain / (N - spiked);
        assertEquals(0, diff, 4 * 40 * Math.sqrt(1.0 / spiked + 1.0 / (N - spiked)));
    }

    @Test
    void phaseChangeSwitchesModelsAtItsRound() {
        StragglerModel before = new Spikes(0.5, 300L, new ShiftedExponential(5L, 20.0));
        StragglerModel after = new SlowWorkers(List.of(2), 50L, 3.0);
        PhaseChange m = new PhaseChange(100L, before, after);
        for (int w = 0; w < 5; w++) {
            for (long r : new long[] {0, 1, 50, 98, 99}) {
                assertEquals(before.delayMillis(9, r, w, 7.0), m.delayMillis(9, r, w, 7.0));
            }
            for (long r : new long[] {100, 101, 5000}) {
                assertEquals(after.delayMillis(9, r, w, 7.0), m.delayMillis(9, r, w, 7.0));
            }
        }
        PhaseChange nested = new PhaseChange(10L, new NoStragglers(), new PhaseChange(20L, after, new NoStragglers()));
        assertEquals(0, nested.delayMillis(9, 9, 2, 7.0));
        assertEquals(after.delayMillis(9, 15, 2, 7.0), nested.delayMillis(9, 15, 2, 7.0));
        assertEquals(0, nested.delayMillis(9, 20, 2, 7.0));
    }

    @Test
    void phaseChangeDefaultsToShiftedExponentialThenNone() {
        PhaseChange m = PhaseChange.of(0L);
        assertEquals(new ShiftedExponential(0L, 40.0), m.before());
        assertEquals(new NoStragglers(), m.after());
    }

    @Test
    void slowWorkersAddTheirSlowdownToTheBase() {
        StragglerModel base = new ShiftedExponential(5L, 20.0);
        SlowWorkers m = new SlowWorkers(List.of(1, 3), 100L, 3.0, base);
        for (int i = 0; i < 500; i++) {
            long r = round(i);
            int w = worker(i) % 5;
            double compute = 10.0 + i % 7;
            long b = base.delayMillis(4, r, w, compute);
            long expected = w == 1 || w == 3 ? b + Math.round(2.0 * (compute + b)) + 100 : b;
            assertEquals(expected, m.delayMillis(4, r, w, compute), "round " + r + " worker " + w);
        }
        SlowWorkers old = new SlowWorkers(List.of(1), 100L, 3.0);
        assertEquals(new NoStragglers(), old.base());
        assertEquals(old, new SlowWorkers(List.of(1), 100L, 3.0, null));
        for (double compute : new double[] {0, 10, 12.3, 1e4}) {
            assertEquals(0, old.delayMillis(1, 0, 0, compute));
            assertEquals(100 + Math.round(2.0 * compute), old.delayMillis(1, 0, 1, compute));
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new ShiftedExponential(0L, 40.0), ShiftedExponential.defaults());
        assertEquals(new Spikes(0.05, 500L, new NoStragglers()), Spikes.defaults());
        assertEquals(new SlowWorkers(List.of(0), 0L, 5.0, new NoStragglers()), SlowWorkers.defaults());
        // the copies equal the canonical construction with nulls for the defaults
        assertEquals(new PhaseChange(10L, null, new Spikes(0.5, null, null)),
                PhaseChange.of(10L).withAfter(Spikes.defaults().withProbability(0.5)));
        assertEquals(new SlowWorkers(List.of(1), null, 2.0, null),
                SlowWorkers.defaults().withWorkers(List.of(1)).withFactor(2.0));
    }

    @Test
    void badValuesNameTheirField() {
        assertPath("meanMs", () -> new ShiftedExponential(null, -1.0));
        assertPath("meanMs", () -> new ShiftedExponential(null, 0.0));
        assertPath("meanMs", () -> new ShiftedExponential(null, Double.NaN));
        assertPath("shiftMs", () -> new ShiftedExponential(-1L, null));
        assertPath("probability", () -> Spikes.defaults().withProbability(1.5));
        assertPath("probability", () -> Spikes.defaults().withProbability(-0.1));
        assertPath("probability", () -> Spikes.defaults().withProbability(Double.NaN));
        assertPath("delayMs", () -> Spikes.defaults().withDelayMs(-5L));
        assertPath("switchRound", () -> new PhaseChange(null, null, null));
        assertPath("switchRound", () -> PhaseChange.of(-1L));
        assertPath("delayMs", () -> SlowWorkers.defaults().withDelayMs(-1L));
        ConfigException missing = assertThrows(ConfigException.class, () -> new PhaseChange(null, null, null));
        assertEquals("is required", missing.reason());
    }

    private static void assertPath(String path, Executable bad) {
        ConfigException e = assertThrows(ConfigException.class, bad);
        assertEquals(path, e.path(), e.getMessage());
    }

    @Test
    void nestedModelsRoundTripThroughJackson() throws Exception {
        String json = "{\"model\": \"phase-change\", \"switchRound\": 100,"
                + " \"before\": {\"model\": \"spikes\", \"probability\": 0.1, \"delayMs\": 300,"
                + "   \"base\": {\"model\": \"shifted-exponential\", \"shiftMs\": 5, \"meanMs\": 20}},"
                + " \"after\": {\"model\": \"none\"}}";
        StragglerModel expected = new PhaseChange(100L, new Spikes(0.1, 300L, new ShiftedExponential(5L, 20.0)),
                new NoStragglers());
        StragglerModel read = JSON.readValue(json, StragglerModel.class);
        assertEquals(expected, read);

        String written = JSON.writeValueAsString(read);
        assertTrue(written.contains("\"model\":\"phase-change\"") && written.contains("\"model\":\"spikes\"")
                && written.contains("\"model\":\"shifted-exponential\"") && written.contains("\"model\":\"none\""),
                written);
        assertEquals(expected, JSON.readValue(written, StragglerModel.class));

        StragglerModel slow = new SlowWorkers(List.of(1, 2), 10L, 2.0, Spikes.defaults());
        String slowJson = JSON.writeValueAsString(slow);
        assertFalse(slowJson.contains("Millis"), slowJson);
        assertEquals(slow, JSON.readValue(slowJson, StragglerModel.class));
        assertInstanceOf(SlowWorkers.class, JSON.readValue("{\"model\": \"slow-workers\"}", StragglerModel.class));
    }
}
