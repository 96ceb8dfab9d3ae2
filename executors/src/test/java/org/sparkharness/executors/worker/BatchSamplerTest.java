package org.sparkharness.executors.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    @Test
    void anEpochVisitsEveryRowOnce() {
        int shard = 100, batch = 10;
        int[] seen = IntStream.range(0, shard / batch)
                .flatMap(r -> Arrays.stream(BatchSampler.indices(1, 2, r, shard, batch))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, shard).toArray(), seen);
    }

    @Test
    void theSameKeyGivesTheSameBatchAndOtherKeysDiffer() {
        assertArrayEquals(BatchSampler.indices(1, 2, 3, 500, 32), BatchSampler.indices(1, 2, 3, 500, 32));
        assertFalse(Arrays.equals(BatchSampler.indices(1, 2, 3, 500, 32), BatchSampler.indices(1, 3, 3, 500, 32)));
        assertFalse(Arrays.equals(BatchSampler.indices(1, 2, 3, 500, 32), BatchSampler.indices(2, 2, 3, 500, 32)));
    }

    @Test
    void aShardSmallerThanTheBatchIsUsedWhole() {
        assertEquals(7, BatchSampler.indices(1, 0, 5, 7, 64).length);
    }

    @Test
    void slowWorkersDelayOnlyTheListedWorkers() {
        SlowWorkers slow = new SlowWorkers(java.util.List.of(1), 100L, 3.0);
        assertEquals(0, slow.delayMillis(1, 0, 0, 10));
        assertEquals(120, slow.delayMillis(1, 0, 1, 10));
    }

    @Test
    void roundsJumpingBetweenEpochsGetTheSameRowsAsAFreshDraw() {
        int shard = 100, batch = 10;
        for (long round : new long[] {0, 25, 3, 47, 1, 9, 10}) {
            long epoch = round / (shard / batch);
            int slot = (int) (round % (shard / batch));
            int[] fresh = BatchSampler.permutation(shard, new java.util.SplittableRandom(BatchSampler.mix(5, 1, epoch)));
            assertArrayEquals(Arrays.copyOfRange(fresh, slot * batch, slot * batch + batch),
                    BatchSampler.indices(5, 1, round, shard, batch), "round " + round);
        }
    }
}
