package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The task slots of a local master, which the persistent engine checks before it starts its workers. */
class LocalSlotsTest {
    @Test
    void localMastersHaveTheirThreadCountOtherMastersAreUnknown() {
        assertEquals(1, PersistentRoundExecutor.localSlots("local"));
        assertEquals(4, PersistentRoundExecutor.localSlots("local[4]"));
        assertEquals(4, PersistentRoundExecutor.localSlots("local[4,4]"));
        assertEquals(3, PersistentRoundExecutor.localSlots("local[3, 2]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), PersistentRoundExecutor.localSlots("local[*]"));
        assertEquals(0, PersistentRoundExecutor.localSlots("local-cluster[2,1,1024]"));
        assertEquals(0, PersistentRoundExecutor.localSlots("spark://master:7077"));
        assertEquals(0, PersistentRoundExecutor.localSlots("yarn"));
    }
}
