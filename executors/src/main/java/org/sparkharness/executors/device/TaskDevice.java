package org.sparkharness.executors.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds the running Spark task's thread to the GPU that Spark's resource scheduler assigned it
 * ({@code TaskContext.resources().get("gpu")}), through ND4J's affinity manager, so every array the task creates
 * lives on that device. Every task that builds or runs a network calls {@link #bind()} first; the call is cheap after
 * the first one of a task attempt. On the CPU backend the binding is recorded and not applied. A task of a CUDA
 * build that was assigned no GPU fails with the settings that assign one: ND4J would otherwise put every task of the
 * executor on device 0.
 */
public final class TaskDevice {
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";

    private static final ThreadLocal<DeviceBinding> CURRENT = new ThreadLocal<>();
    /** The bindings made in this JVM, newest last (bounded): what a test or a probe reads back. */
    private static final List<DeviceBinding> RECENT = new ArrayList<>();
    private static final int RECENT_KEPT = 1024;
    /** This JVM's host name, looked up once. */
    private static final String HOST = lookUpHost();
    /** What {@link #bind()} says outside a Spark task (the driver, in-process runs): the pool asks every round. */
    private static volatile DeviceBinding outsideTask;

    private TaskDevice() {}

    /** Binds this thread for the running task (see the class comment); outside a task, describes the JVM's backend. */
    public static DeviceBinding bind() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            DeviceBinding d = outsideTask;
            if (d == null) outsideTask = d = unassigned("driver", -1);
            return d;
        }
        DeviceBinding done = CURRENT.get();
        if (done != null && done.taskAttemptId() == task.taskAttemptId()) return done;
        DeviceBinding b = bind(task.resourcesJMap().get(GPU), task.taskAttemptId(), task.stageId(),
                task.partitionId(), cuda());
        CURRENT.set(b);
        synchronized (RECENT) {
            RECENT.add(b);
            if (RECENT.size() > RECENT_KEPT) RECENT.remove(0);
        }
        return b;
    }

    /** The bindings made in this JVM, oldest first. */
    public static List<DeviceBinding> recent() {
        synchronized (RECENT) {
            return List.copyOf(RECENT);
        }
    }

    /** Whether ND4J runs on its CUDA backend in this JVM. */
    public static boolean cuda() {
        return !Nd4j.getEnvironment().isCPU();
    }

    /** @param cuda whether ND4J runs on CUDA here (a parameter so the refusal can be tested on the CPU backend) */
    static DeviceBinding bind(ResourceInformation gpu, long attempt, int stage, int partition, boolean cuda) {
        String executor = executorId();
        if (gpu == null || gpu.addresses().length == 0) {
            if (cuda) {
                throw new IllegalStateException("executor " + executor + " runs ND4J's CUDA backend but Spark assigned "
                        + "task " + attempt + " (stage " + stage + ", partition " + partition + ") no GPU: set "
                        + "spark.executor.resource.gpu.amount, spark.task.resource.gpu.amount and "
                        + "spark.executor.resource.gpu.discoveryScript (docs/deploy.md, GPU executors), or run the "
                        + "executors on the CPU backend (BACKEND_PRIORITY_CPU above BACKEND_PRIORITY_GPU)");
            }
            return unassigned(executor, attempt);
        }
        // One GPU per task: a task given several (task amount > 1) runs on the first, as DL4J trains one network per
        // thread on one device.
        String address = gpu.addresses()[0];
        int device = ordinal(address);
        if (!cuda) {
            return new DeviceBinding(executor, HOST, attempt, address, device, "CPU", false, null, 0);
        }
        int devices = Nd4j.getAffinityManager().getNumberOfDevices();
        if (device >= devices) {
            throw new IllegalStateException("Spark assigned GPU address " + address + " to task " + attempt + " on "
                    + "executor " + executor + ", but ND4J sees " + devices + " CUDA device(s) there: the discovery "
                    + "script must report the ordinals this JVM sees (after CUDA_VISIBLE_DEVICES)");
        }
        Nd4j.getAffinityManager().unsafeSetDevice(device);
        Map<String, Object> info = cudaDevice(device);
        Object name = info.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY);
        Object memory = info.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY);
        return new DeviceBinding(executor, HOST, attempt, address, device, "CUDA", true,
                name == null ? "device " + device : name.toString(),
                memory instanceof Number n ? n.longValue() : 0L);
    }

    /** A CUDA ordinal; Spark's addresses are the discovery script's strings. */
    static int ordinal(String address) {
        try {
            int d = Integer.parseInt(address.trim());
            if (d >= 0) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("GPU address '" + address + "' is not a CUDA device ordinal (0, 1, ...): "
                + "the discovery script must report ordinals, as deploy/gpu/getGpusResources.sh does");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cudaDevice(int device) {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Object list = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        if (list instanceof List<?> l && device < l.size() && l.get(device) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return Map.of();
    }

    private static DeviceBinding unassigned(String executor, long attempt) {
        return new DeviceBinding(executor, HOST, attempt, null, -1, cuda() ? "CUDA" : "CPU", false, null, 0);
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "driver" : env.executorId();
    }

    private static String lookUpHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
