package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.config.ConfigException;

class GpuSettingsTest {

    private static SparkConf conf(String... kv) {
        SparkConf c = new SparkConf(false);
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return c;
    }

    private static String refusal(String... kv) {
        return assertThrows(ConfigException.class, () -> GpuSettings.check(conf(kv))).getMessage();
    }

    @Test
    void noGpuSettingsIsFine() {
        assertEquals(List.of(), GpuSettings.check(conf()));
    }

    @Test
    void aGpuPerTaskAndSharedGpusAreAccepted() {
        assertEquals(List.of(), GpuSettings.check(conf(GpuSettings.EXECUTOR_AMOUNT, "2", GpuSettings.TASK_AMOUNT, "1",
                "spark.executor.cores", "2")));
        assertEquals(List.of(), GpuSettings.check(conf(GpuSettings.EXECUTOR_AMOUNT, "1", GpuSettings.TASK_AMOUNT,
                "0.25", "spark.executor.cores", "4")));
    }

    @Test
    void eachMistakeNamesItsSetting() {
        String m = refusal(GpuSettings.TASK_AMOUNT, "1");
        assertTrue(m.contains(GpuSettings.TASK_AMOUNT) && m.contains(GpuSettings.EXECUTOR_AMOUNT + " is not set"), m);
        m = refusal(GpuSettings.EXECUTOR_AMOUNT, "1");
        assertTrue(m.contains(GpuSettings.TASK_AMOUNT + " is not set"), m);
        m = refusal(GpuSettings.EXECUTOR_AMOUNT, "1.5", GpuSettings.TASK_AMOUNT, "1");
        assertTrue(m.contains(GpuSettings.EXECUTOR_AMOUNT) && m.contains("whole number"), m);
        m = refusal(GpuSettings.EXECUTOR_AMOUNT, "1", GpuSettings.TASK_AMOUNT, "0.75");
        assertTrue(m.contains(GpuSettings.TASK_AMOUNT) && m.contains("1/k"), m);
        m = refusal(GpuSettings.EXECUTOR_AMOUNT, "1", GpuSettings.TASK_AMOUNT, "2");
        assertTrue(m.contains("more than the executor's"), m);
        m = refusal(GpuSettings.EXECUTOR_AMOUNT, "one", GpuSettings.TASK_AMOUNT, "1");
        assertTrue(m.contains(GpuSettings.EXECUTOR_AMOUNT) && m.contains("must be a number"), m);
    }

    @Test
    void coresThatGpusCannotServeAreWarnedAbout() {
        List<String> w = GpuSettings.check(conf(GpuSettings.EXECUTOR_AMOUNT, "1", GpuSettings.TASK_AMOUNT, "1",
                "spark.executor.cores", "4"));
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("run 1 task(s) at once, not 4"), w.get(0));
        assertEquals(4, GpuSettings.slotsPerExecutor(1, 0.25));
        assertEquals(2, GpuSettings.slotsPerExecutor(2, 1));
        assertEquals(1, GpuSettings.slotsPerExecutor(2, 2));
    }
}
