package org.sparkharness.executors.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The binding rules that need no Spark task (the multi-JVM test covers real tasks). */
class TaskDeviceTest {

    @Test
    void onTheCpuBackendAnAssignedGpuIsRecordedAndNotApplied() {
        DeviceBinding b = TaskDevice.bind(new ResourceInformation("gpu", new String[] {"3", "4"}), 17, 2, 5, false);
        assertEquals("3", b.address(), "one GPU per task: the first address");
        assertEquals(3, b.device());
        assertEquals("CPU", b.backend());
        assertFalse(b.applied());
        assertTrue(b.describe().contains("GPU 3 assigned, not bound"), b.describe());
    }

    @Test
    void aCudaTaskWithoutAGpuFailsNamingTheSettingsThatAssignOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TaskDevice.bind(null, 17, 2, 5, true));
        assertTrue(e.getMessage().contains("task 17 (stage 2, partition 5) no GPU")
                && e.getMessage().contains("spark.task.resource.gpu.amount")
                && e.getMessage().contains("discoveryScript"), e.getMessage());
        DeviceBinding cpu = TaskDevice.bind(null, 17, 2, 5, false);
        assertNull(cpu.address());
        assertEquals(-1, cpu.device());
    }

    @Test
    void addressesMustBeCudaOrdinals() {
        assertEquals(0, TaskDevice.ordinal("0"));
        assertEquals(7, TaskDevice.ordinal(" 7 "));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskDevice.ordinal("GPU-5e1f"));
        assertTrue(e.getMessage().contains("'GPU-5e1f' is not a CUDA device ordinal"), e.getMessage());
    }

    @Test
    void outsideATaskItDescribesTheBackend() {
        DeviceBinding b = TaskDevice.bind();
        assertEquals("driver", b.executorId());
        assertEquals("CPU", b.backend());
        assertNull(b.address());
    }
}
