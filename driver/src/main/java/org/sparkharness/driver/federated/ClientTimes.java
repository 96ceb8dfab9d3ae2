package org.sparkharness.driver.federated;

import java.util.List;
import org.sparkharness.executors.client.ClientUpdate;

/** The distribution of client training times in a round (stragglers show up as its tail). */
public record ClientTimes(double mean, long p50, long p90, long max) {

    public static ClientTimes of(List<ClientUpdate> updates) {
        if (updates.isEmpty()) return new ClientTimes(0, 0, 0, 0);
        long[] ms = updates.stream().mapToLong(ClientUpdate::millis).sorted().toArray();
        double mean = java.util.Arrays.stream(ms).average().orElse(0);
        return new ClientTimes(mean, quantile(ms, 0.5), quantile(ms, 0.9), ms[ms.length - 1]);
    }

    /** Nearest-rank quantile of sorted values. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
