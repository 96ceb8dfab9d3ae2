package org.sparkharness.executors.model;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.sparkharness.executors.device.TaskDevice;

/**
 * Per-JVM cache of networks, so a task does not rebuild its model every round. Several tasks run at once in one
 * executor, so each borrows its own network and gives it back. Borrowing first binds the task's thread to the GPU
 * Spark assigned it ({@link TaskDevice}), and networks are kept per device: a network's arrays live where it was
 * built. Thread-safe.
 */
public final class NetworkPool {
    private record Key(ModelSpec spec, InputShape input, int device) {}

    private static final Map<Key, Queue<NetworkAdapter>> IDLE = new ConcurrentHashMap<>();

    private NetworkPool() {}

    /** A network for this spec, whose parameters the caller must set before use. */
    public static NetworkAdapter borrow(ModelSpec spec, InputShape input) {
        NetworkAdapter idle = IDLE.computeIfAbsent(key(spec, input), k -> new ConcurrentLinkedQueue<>()).poll();
        return idle != null ? idle : new NetworkAdapter(spec.network(input, 0L));
    }

    public static void release(ModelSpec spec, InputShape input, NetworkAdapter adapter) {
        IDLE.computeIfAbsent(key(spec, input), k -> new ConcurrentLinkedQueue<>()).offer(adapter);
    }

    private static Key key(ModelSpec spec, InputShape input) {
        return new Key(spec, input, TaskDevice.bind().device());
    }
}
