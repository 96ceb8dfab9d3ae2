package org.sparkharness.driver.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Spark's GPU scheduling settings, checked before Spark starts so a typo fails with the setting's name rather than
 * as an executor that never registers. Spark's rules: an executor asks for a whole number of GPUs; a task asks for a
 * whole number, or a fraction 1/k (k tasks share one GPU); a task cannot ask for more than its executor has.
 */
public final class GpuSettings {
    public static final String EXECUTOR_AMOUNT = "spark.executor.resource.gpu.amount";
    public static final String TASK_AMOUNT = "spark.task.resource.gpu.amount";
    public static final String DISCOVERY = "spark.executor.resource.gpu.discoveryScript";

    private GpuSettings() {}

    /**
     * @return warnings for settings Spark accepts but that are probably not meant (slots lost to GPU limits)
     * @throws ConfigException naming the setting that Spark would refuse or misread
     */
    public static List<String> check(SparkConf conf) {
        List<String> warnings = new ArrayList<>();
        Double executor = amount(conf, EXECUTOR_AMOUNT);
        Double task = amount(conf, TASK_AMOUNT);
        if (executor == null && task == null) return warnings;
        if (executor == null) {
            throw new ConfigException(TASK_AMOUNT, conf.get(TASK_AMOUNT), "asks for GPUs per task, but "
                    + EXECUTOR_AMOUNT + " is not set: executors get no GPUs to give (set it, e.g. to 1)");
        }
        if (executor != Math.rint(executor) || executor < 1) {
            throw new ConfigException(EXECUTOR_AMOUNT, conf.get(EXECUTOR_AMOUNT), "must be a whole number of GPUs >= 1");
        }
        if (task == null) {
            throw new ConfigException(EXECUTOR_AMOUNT, conf.get(EXECUTOR_AMOUNT), "gives executors GPUs, but "
                    + TASK_AMOUNT + " is not set, so Spark assigns none to the tasks (set it: 1 for a GPU per task, "
                    + "or 0.5, 0.25, ... for tasks that share one)");
        }
        if (task > 0.5 && task != Math.rint(task) || task <= 0) {
            throw new ConfigException(TASK_AMOUNT, conf.get(TASK_AMOUNT), "must be a whole number >= 1 or a fraction "
                    + "1/k <= 0.5 (k tasks share one GPU)");
        }
        if (task > executor) {
            throw new ConfigException(TASK_AMOUNT, conf.get(TASK_AMOUNT), "is more than the executor's "
                    + EXECUTOR_AMOUNT + " = " + conf.get(EXECUTOR_AMOUNT));
        }
        if (task > 1) {
            warnings.add(TASK_AMOUNT + " = " + conf.get(TASK_AMOUNT) + ": a task trains on one GPU; the others it "
                    + "holds stay idle");
        }
        int gpuSlots = slotsPerExecutor(executor.intValue(), task);
        int cores = conf.getInt("spark.executor.cores", -1);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        if (cores > 0 && cores / taskCpus > gpuSlots) {
            warnings.add("executors run " + gpuSlots + " task(s) at once, not " + cores / taskCpus + ": each has "
                    + executor.intValue() + " GPU(s) at " + task + " per task (" + EXECUTOR_AMOUNT + ", " + TASK_AMOUNT
                    + "); ps.workers counts these slots");
        }
        return warnings;
    }

    /** Tasks an executor with {@code gpus} GPUs runs at once when each task asks for {@code perTask}. */
    public static int slotsPerExecutor(int gpus, double perTask) {
        return perTask >= 1 ? (int) (gpus / perTask) : gpus * (int) Math.round(1 / perTask);
    }

    private static Double amount(SparkConf conf, String key) {
        if (!conf.contains(key)) return null;
        try {
            return Double.parseDouble(conf.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, conf.get(key), "must be a number");
        }
    }
}
