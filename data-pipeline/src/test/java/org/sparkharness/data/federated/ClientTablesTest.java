package org.sparkharness.data.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the partitioner's index lists send each row, looked up by id on the executors. */
class ClientTablesTest {
    @Test
    void eachRowGoesToEveryClientThatListsItsPositionWithItsPlace() {
        long[] trainIds = {10, 20, 30, 40};
        long[] testIds = {7, 8};
        List<ClientSplit> splits = List.of(
                new ClientSplit(0, new int[] {3, 1}, new int[] {0}),
                new ClientSplit(1, new int[] {1, 2, 1}, new int[] {}));
        ClientTables.Targets t = ClientTables.Targets.of(trainIds, testIds, splits);
        assertArrayEquals(new int[] {}, t.of(false, 10));
        assertArrayEquals(new int[] {0, 1, 1, 0, 1, 2}, t.of(false, 20), "(client, place) pairs; repeats kept");
        assertArrayEquals(new int[] {1, 1}, t.of(false, 30));
        assertArrayEquals(new int[] {0, 0}, t.of(false, 40));
        assertArrayEquals(new int[] {0, 0}, t.of(true, 7));
        assertArrayEquals(new int[] {}, t.of(true, 8));
        assertArrayEquals(new int[] {}, t.of(false, 99), "ids not in the partitioned rows go nowhere");
    }
}
