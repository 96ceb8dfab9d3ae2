package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundHistoryTest {

    /** A round of 3 workers: worker 2 cut off unless {@code everyone}. */
    private static RoundRecord round(long r, boolean everyone, GradientStats g) {
        Map<Integer, Double> observed = everyone ? Map.of(0, 10.0 + r, 1, 20.0 + r, 2, 100.0 + r)
                : Map.of(0, 10.0 + r, 1, 20.0 + r);
        double cutoff = everyone ? 100 + r : 20 + r;
        return new RoundRecord(r, 3, observed.size(), observed, everyone ? List.of() : List.of(2), cutoff,
                cutoff + 1.5, g);
    }

    @Test
    void windowKeepsTheNewestRecordsOldestFirst() {
        RoundHistory h = new RoundHistory(3);
        assertEquals(0, h.size());
        assertNull(h.last());
        assertTrue(h.recent().isEmpty());
        for (long r = 0; r < 5; r++) h.add(round(r, true, null));
        assertEquals(3, h.size());
        assertEquals(3, h.capacity());
        assertEquals(List.of(2L, 3L, 4L), h.recent().stream().map(RoundRecord::round).toList());
        assertEquals(4, h.last().round());
        assertThrows(UnsupportedOperationException.class, () -> h.recent().clear(), "a copy, read-only");
        assertThrows(IllegalArgumentException.class, () -> new RoundHistory(0));
    }

    @Test
    void remembersEachWorkersLastUncensoredTimesBeyondTheWindow() {
        RoundHistory h = new RoundHistory(3);
        for (long r = 0; r < 6; r++) h.add(round(r, true, null));     // worker 2 observed at 100..105
        for (long r = 6; r < 20; r++) h.add(round(r, false, null));   // then always cut off
        assertTrue(h.recent().stream().noneMatch(r -> r.observedMillis().containsKey(2)), "gone from the window");
        assertEquals(List.of(102.0, 103.0, 104.0, 105.0), h.lastObserved(2));
        assertEquals(RoundHistory.REMEMBERED_PER_WORKER, h.lastObserved(2).size());
        assertEquals(List.of(26.0, 27.0, 28.0, 29.0), h.lastObserved(0));
        assertEquals(List.of(), h.lastObserved(7));
    }

    @Test
    void bytesRoundTripKeepsWindowMemoryAndNaNs() {
        RoundHistory h = new RoundHistory(4);
        h.add(round(0, true, new GradientStats(3, 2.5, 0.75, Double.NaN, Double.NaN)));
        h.add(round(1, true, new GradientStats(1, 1.0, Double.NaN, 0.1, 0.2)));
        h.add(round(2, false, null));
        for (long r = 3; r < 8; r++) {
            h.add(round(r, r % 2 == 0, new GradientStats(2, 1e-300, 0, 1e300, Double.POSITIVE_INFINITY)));
        }
        byte[] bytes = h.toBytes();
        RoundHistory back = RoundHistory.fromBytes(bytes);

        assertEquals(h.capacity(), back.capacity());
        assertEquals(h.size(), back.size());
        assertEquals(h.recent(), back.recent());  // record equality: doubles compared bit-wise, NaN == NaN
        for (int w = 0; w < 4; w++) assertEquals(h.lastObserved(w), back.lastObserved(w), "worker " + w);
        assertTrue(back.recent().get(0).observedMillis().keySet().iterator().next() instanceof Integer);
        assertArrayEquals(bytes, back.toBytes(), "stable");

        // The restored history goes on as the original would.
        RoundRecord next = round(8, true, null);
        h.add(next);
        back.add(next);
        assertEquals(h.recent(), back.recent());
        assertEquals(h.lastObserved(2), back.lastObserved(2));

        // Nulls survive too: a window whose every record has no gradient statistics, and an empty history.
        RoundHistory noStats = new RoundHistory(2);
        noStats.add(round(0, false, null));
        assertNull(RoundHistory.fromBytes(noStats.toBytes()).last().gradients());
        RoundHistory empty = RoundHistory.fromBytes(new RoundHistory(7).toBytes());
        assertEquals(0, empty.size());
        assertEquals(7, empty.capacity());

        assertThrows(IllegalArgumentException.class,
                () -> RoundHistory.fromBytes("{not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void overheadIsTheRoundBeyondTheCutoff() {
        RoundRecord r = round(0, false, null);
        assertEquals(1.5, r.overheadMillis(), 1e-12);
        RoundRecord clockSkew = new RoundRecord(0, 1, 1, Map.of(0, 5.0), List.of(), 5, 4, null);
        assertEquals(0, clockSkew.overheadMillis());
    }

    @org.junit.jupiter.api.Test
    void aRestoredHistoryTakesTheCurrentWindow() {
        RoundHistory h = new RoundHistory(10);
        for (int r = 0; r < 10; r++) {
            h.add(new RoundRecord(r, 2, 2, java.util.Map.of(0, 1.0 + r, 1, 2.0), java.util.List.of(), 2.0, 3.0, null));
        }
        RoundHistory smaller = RoundHistory.fromBytes(h.toBytes(), 4);
        org.junit.jupiter.api.Assertions.assertEquals(4, smaller.capacity());
        org.junit.jupiter.api.Assertions.assertEquals(h.recent().subList(6, 10), smaller.recent());
        org.junit.jupiter.api.Assertions.assertEquals(h.lastObserved(0), smaller.lastObserved(0));
        org.junit.jupiter.api.Assertions.assertEquals(20, RoundHistory.fromBytes(h.toBytes(), 20).capacity());
    }
}
