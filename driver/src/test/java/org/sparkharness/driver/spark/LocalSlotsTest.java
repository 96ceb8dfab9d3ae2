package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The task slots of a local master, which the persistent engine checks before it starts its workers. */
class LocalSlotsTest {
    @Test
    void localMastersHaveTheirThreadCountOtherMastersAreUnknown() {
        assertEquals(1, TaskSlots.localSlots("local"));
        assertEquals(4, TaskSlots.localSlots("local[4]"));
        assertEquals(4, TaskSlots.localSlots("local[4,4]"));
        assertEquals(3, TaskSlots.localSlots("local[3, 2]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), TaskSlots.localSlots("local[*]"));
        assertEquals(0, TaskSlots.localSlots("local-cluster[2,1,1024]"));
        assertEquals(0, TaskSlots.localSlots("spark://master:7077"));
        assertEquals(0, TaskSlots.localSlots("yarn"));
    }
}
