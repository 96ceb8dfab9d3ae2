package org.sparkharness.driver.spark;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparkharness.executors.device.DeviceBinding;
import org.sparkharness.executors.device.TaskDevice;

/**
 * Before the first round: one short task per worker slot binds itself as every worker task does ({@link TaskDevice})
 * and reports where it ran, so the run's manifest and log say which GPU (or CPU) each executor's tasks use, and a
 * CUDA executor that Spark gives no GPU fails here, with the settings to fix, instead of in round one.
 */
public final class DeviceProbe {
    private DeviceProbe() {}

    /** {@code tasks} concurrent tasks' bindings, by executor and GPU address. */
    public static List<DeviceBinding> run(JavaSparkContext jsc, int tasks, Consumer<String> progress) {
        jsc.setJobDescription("device probe: where each worker slot runs");
        List<DeviceBinding> bindings;
        try {
            bindings = jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                    .map(i -> TaskDevice.bind()).collect().stream()
                    .sorted(Comparator.comparing(DeviceBinding::executorId)
                            .thenComparing(b -> b.address() == null ? "" : b.address()))
                    .toList();
        } finally {
            jsc.setJobDescription(null);
        }
        bindings.stream().map(DeviceBinding::describe).distinct().forEach(d -> progress.accept("device: " + d));
        return bindings;
    }
}
