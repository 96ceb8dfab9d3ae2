package org.sparkharness.driver.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.sparkharness.driver.run.RunSetupException;
import scala.collection.JavaConverters;

/**
 * The task slots an application holds: how many tasks it can run at once. A parameter-server round needs one slot per
 * worker; with fewer, workers queue behind each other and every round serialises without a word. Local masters have
 * their thread count; on a cluster it is Σ ⌊cores / spark.task.cpus⌋ over the live executors, as the UI shows them.
 */
public final class TaskSlots {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(,\\s*\\d+)?]");
    private static final long POLL_MS = 250;

    private TaskSlots() {}

    /** What the application holds now. */
    public record Grant(int slots, List<String> executors) {
        @Override
        public String toString() {
            return slots + " task slot" + (slots == 1 ? "" : "s") + (executors.isEmpty() ? " (no executors)"
                    : " on " + executors.size() + " executor" + (executors.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", executors));
        }
    }

    /** Task slots of a local master ({@code local}, {@code local[N]}, {@code local[*, F]}); 0 for any other master. */
    public static int localSlots(String master) {
        if (master.equals("local")) return 1;
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) return 0;
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    private static int gpus(ExecutorSummary e) {
        var gpu = e.resources().get(org.sparkharness.executors.device.TaskDevice.GPU);
        return gpu.isDefined() ? gpu.get().addresses().length : 0;
    }

    /** The slots the application holds now. */
    public static Grant granted(SparkContext sc) {
        int local = localSlots(sc.master());
        if (local > 0) return new Grant(local, List.of("the driver (" + sc.master() + ")"));
        int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
        // With GPU scheduling a slot also needs its share of a GPU (spark.task.resource.gpu.amount).
        double taskGpus = sc.getConf().getDouble(GpuSettings.TASK_AMOUNT, 0);
        int slots = 0;
        List<String> executors = new ArrayList<>();
        // The application status store: the executors the UI lists, with the cores each was granted.
        for (ExecutorSummary e : JavaConverters.seqAsJavaList(sc.statusStore().executorList(true))) {
            if (e.id().equals("driver")) continue;
            int cores = e.totalCores() / taskCpus;
            int gpus = gpus(e);
            int executorSlots = taskGpus > 0 ? Math.min(cores, GpuSettings.slotsPerExecutor(gpus, taskGpus)) : cores;
            slots += executorSlots;
            executors.add(e.id() + " " + e.hostPort() + " " + e.totalCores() + " core" + (e.totalCores() == 1 ? "" : "s")
                    + (taskGpus > 0 ? ", " + gpus + " GPU" + (gpus == 1 ? "" : "s") : ""));
        }
        return new Grant(slots, executors);
    }

    /**
     * Waits until the application holds {@code needed} slots, or fails after {@code timeout} naming what was granted
     * and the settings that grant more. With dynamic allocation, executors only come once tasks wait for them, so
     * nothing is awaited here (the engine's own start-up wait applies).
     *
     * @param what what needs the slots, e.g. "ps.workers = 4"
     */
    public static Grant await(SparkContext sc, int needed, Duration timeout, String what, Consumer<String> progress) {
        Grant g = granted(sc);
        if (g.slots() >= needed || localSlots(sc.master()) > 0) return g;
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            progress.accept("dynamic allocation is on: executors for " + what + " are requested as tasks start (hold "
                    + g + ")");
            return g;
        }
        progress.accept("waiting up to " + timeout.toSeconds() + " s for " + needed + " task slots (" + what
                + "); holding " + g);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL_MS);
                g = granted(sc);
                if (g.slots() >= needed) return g;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new RunSetupException(shortOf(sc, needed, g, what, timeout));
    }

    static String shortOf(SparkContext sc, int needed, Grant g, String what, Duration waited) {
        return what + " needs " + needed + " task slots at once, but after " + waited.toSeconds() + " s the application "
                + "(master " + sc.master() + ", spark.task.cpus = " + sc.getConf().getInt("spark.task.cpus", 1)
                + ") holds " + g + ". Grant more with --total-executor-cores / spark.cores.max (standalone), "
                + "--num-executors / spark.executor.instances (YARN, Kubernetes) or spark.executor.cores, free the "
                + "cluster's cores, or lower ps.workers; ps.startupTimeoutSeconds sets how long to wait.";
    }
}
