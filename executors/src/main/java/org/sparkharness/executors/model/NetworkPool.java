package org.sparkharness.executors.model;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Per-JVM cache of networks, so a task does not rebuild its model every round. Several tasks run at once in one
 * executor, so each borrows its own network and gives it back. Thread-safe.
 */
public final class NetworkPool {
    private record Key(ModelSpec spec, InputShape input) {}

    private static final Map<Key, Queue<NetworkAdapter>> IDLE = new ConcurrentHashMap<>();

    private NetworkPool() {}

    /** A network for this spec, whose parameters the caller must set before use. */
    public static NetworkAdapter borrow(ModelSpec spec, InputShape input) {
        NetworkAdapter idle = IDLE.computeIfAbsent(new Key(spec, input), k -> new ConcurrentLinkedQueue<>()).poll();
        return idle != null ? idle : new NetworkAdapter(spec.network(input, 0L));
    }

    public static void release(ModelSpec spec, InputShape input, NetworkAdapter adapter) {
        IDLE.computeIfAbsent(new Key(spec, input), k -> new ConcurrentLinkedQueue<>()).offer(adapter);
    }
}
