package org.sparkharness.driver.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.Rows;
import org.sparkharness.executors.worker.WorkerShard;

/** Splits a dataset into n shards: a seeded shuffle, then contiguous, near-equal slices (sizes differ by ≤ 1). */
public final class Shards {
    private Shards() {}

    public static List<WorkerShard> split(LabeledImages data, int n, long seed) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("cannot split " + data.size() + " examples into " + n + " shards");
        }
        int[] order = BatchSampler.permutation(data.size(), new SplittableRandom(seed));
        INDArray oneHot = data.oneHotLabels();
        List<WorkerShard> shards = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            int from = (int) ((long) data.size() * w / n);
            int to = (int) ((long) data.size() * (w + 1) / n);
            int[] rows = Arrays.copyOfRange(order, from, to);
            long[] ids = new long[rows.length];
            for (int i = 0; i < rows.length; i++) ids[i] = data.ids()[rows[i]];
            shards.add(new WorkerShard(w, Rows.gather(data.features(), rows), Rows.gather(oneHot, rows), ids));
        }
        return shards;
    }

    /** The first {@code limit} examples (all if null or larger), for quick runs. */
    public static LabeledImages limit(LabeledImages data, Integer limit) {
        if (limit == null || limit >= data.size()) return data;
        int[] rows = new int[limit];
        for (int i = 0; i < limit; i++) rows[i] = i;
        return data.subset(rows);
    }
}
