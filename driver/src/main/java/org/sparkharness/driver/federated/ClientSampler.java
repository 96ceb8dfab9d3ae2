package org.sparkharness.driver.federated;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparkharness.executors.worker.BatchSampler;

/**
 * Which clients take part in a round, and which of them straggle (docs/algorithms/federated.md §3.2). Both draws use an
 * RNG keyed by (seed, round), like FedProx's {@code np.random.seed(round)}, so every strategy run with the same seed
 * sees the same clients and the same stragglers, and a resumed run draws what an uninterrupted one would. Pure.
 */
public final class ClientSampler {
    private static final long SAMPLE = 0x5A4D9L;
    private static final long STRAGGLE = 0x57A66L;
    private static final long EPOCHS = 0xE90C5L;

    private ClientSampler() {}

    /** K of C clients, uniformly without replacement, sorted ascending. */
    public static int[] sample(int clients, int perRound, long seed, long round) {
        if (perRound < 1 || perRound > clients) {
            throw new IllegalArgumentException("perRound must be in [1, " + clients + "], got " + perRound);
        }
        int[] perm = BatchSampler.permutation(clients, new SplittableRandom(BatchSampler.mix(seed, round, SAMPLE)));
        int[] chosen = Arrays.copyOf(perm, perRound);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * The stragglers among {@code sampled}: all but round(K·(1 − fraction)) of them, chosen uniformly (FedProx keeps
     * {@code round(K·(1 − drop_percent))} active clients). Sorted ascending.
     */
    public static int[] stragglers(int[] sampled, double fraction, long seed, long round) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
        int active = (int) Math.round(sampled.length * (1 - fraction));
        int[] perm = BatchSampler.permutation(sampled.length, new SplittableRandom(BatchSampler.mix(seed, round, STRAGGLE)));
        int[] out = new int[sampled.length - active];
        for (int i = active; i < sampled.length; i++) out[i - active] = sampled[perm[i]];
        Arrays.sort(out);
        return out;
    }

    /** A straggler's local epochs: uniform in {1, …, E − 1} (FedProx's {@code randint(1, E)}), keyed by client. */
    public static int partialEpochs(int localEpochs, long seed, long round, int client) {
        if (localEpochs < 2) throw new IllegalArgumentException("partial work needs localEpochs >= 2, got " + localEpochs);
        return 1 + new SplittableRandom(BatchSampler.mix(BatchSampler.mix(seed, round, EPOCHS), client, 0))
                .nextInt(localEpochs - 1);
    }
}
