package org.sparkharness.executors.device;

import java.io.Serializable;

/**
 * Where one Spark task's ND4J work ran: the GPU address Spark's scheduler assigned it, the CUDA device that address
 * names, and whether the thread was bound to it (false on the CPU backend, where binding is a recorded no-op).
 *
 * @param executorId    Spark's executor id ({@code driver} outside a task)
 * @param host          the executor's host
 * @param taskAttemptId Spark's task attempt id (-1 outside a task)
 * @param address       the assigned GPU address, null when the task was given none
 * @param device        the CUDA device ordinal bound, -1 when none
 * @param backend       ND4J's backend in this JVM: CPU or CUDA
 * @param applied       whether ND4J's affinity manager was told to use {@code device} for this thread
 * @param deviceName    the device's name as CUDA reports it, null on CPU
 * @param memoryBytes   the device's total memory, 0 on CPU
 */
public record DeviceBinding(String executorId, String host, long taskAttemptId, String address, int device,
                            String backend, boolean applied, String deviceName, long memoryBytes)
        implements Serializable {

    /** One line for logs. */
    public String describe() {
        if (address == null) return executorId + "@" + host + ": " + backend + ", no GPU assigned";
        return executorId + "@" + host + ": GPU " + address + (applied
                ? " bound (" + deviceName + ", " + (memoryBytes >> 20) + " MiB)"
                : " assigned, not bound (ND4J backend " + backend + ")");
    }
}
