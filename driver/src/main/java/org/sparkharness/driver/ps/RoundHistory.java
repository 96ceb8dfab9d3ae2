package org.sparkharness.driver.ps;

import org.sparkharness.driver.run.CheckpointSection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent rounds a backup policy may look at: a bounded window of records, oldest first. It also remembers each
 * worker's last few uncensored round-trip times beyond the window, because a persistently slow worker is cut off
 * almost every round and would otherwise vanish from the statistics (docs/algorithms/parameter-server.md §3.4).
 */
public final class RoundHistory {
    /** Uncensored times remembered per worker. */
    public static final int REMEMBERED_PER_WORKER = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int capacity;
    private final Deque<RoundRecord> window = new ArrayDeque<>();
    private final Map<Integer, Deque<Double>> lastObserved = new TreeMap<>();

    public RoundHistory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    public void add(RoundRecord record) {
        window.addLast(record);
        while (window.size() > capacity) window.removeFirst();
        record.observedMillis().forEach((worker, ms) -> {
            Deque<Double> d = lastObserved.computeIfAbsent(worker, w -> new ArrayDeque<>());
            d.addLast(ms);
            while (d.size() > REMEMBERED_PER_WORKER) d.removeFirst();
        });
    }

    public List<RoundRecord> recent() { return List.copyOf(window); }

    /** The newest record, or null when empty. */
    public RoundRecord last() { return window.peekLast(); }

    /** Up to {@link #REMEMBERED_PER_WORKER} most recent uncensored times of {@code worker}, oldest first. */
    public List<Double> lastObserved(int worker) {
        Deque<Double> d = lastObserved.get(worker);
        return d == null ? List.of() : List.copyOf(d);
    }

    public int size() { return window.size(); }

    public int capacity() { return capacity; }

    private record Snapshot(int capacity, List<RoundRecord> window, Map<Integer, List<Double>> lastObserved) {}

    /**
     * The checkpoint section of a backup policy's history, read back into a window of {@code capacity} rounds.
     * Its name is the one version 1-3 checkpoints used, so older runs resume with their estimates.
     */
    public static CheckpointSection<RoundHistory> section(int capacity) {
        return new CheckpointSection<>() {
            @Override public String name() { return "backup.history"; }
            @Override public byte[] encode(RoundHistory h) { return h.toBytes(); }
            @Override public RoundHistory decode(byte[] bytes) { return fromBytes(bytes, capacity); }
        };
    }

    /** The history as JSON bytes, for checkpoints. */
    public byte[] toBytes() {
        Map<Integer, List<Double>> last = new TreeMap<>();
        lastObserved.forEach((w, d) -> last.put(w, new ArrayList<>(d)));
        try {
            return JSON.writeValueAsBytes(new Snapshot(capacity, List.copyOf(window), last));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("round history is not serialisable", e);
        }
    }

    /**
     * Reads {@link #toBytes()} output into a history of {@code capacity} rounds (the run's current window, which a
     * resumed run may have changed), keeping the newest rounds when it is smaller.
     */
    public static RoundHistory fromBytes(byte[] bytes, int capacity) {
        RoundHistory saved = fromBytes(bytes);
        RoundHistory h = new RoundHistory(capacity);
        saved.window.forEach(h.window::addLast);
        while (h.window.size() > capacity) h.window.removeFirst();
        h.lastObserved.putAll(saved.lastObserved);
        return h;
    }

    /** Reads {@link #toBytes()} output with its saved capacity. */
    public static RoundHistory fromBytes(byte[] bytes) {
        try {
            Snapshot s = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), new TypeReference<Snapshot>() {});
            RoundHistory h = new RoundHistory(s.capacity());
            s.window().forEach(h.window::addLast);
            s.lastObserved().forEach((w, d) -> h.lastObserved.put(w, new ArrayDeque<>(d)));
            return h;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpointed round history is unreadable", e);
        }
    }
}
