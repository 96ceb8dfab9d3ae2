package org.sparkharness.driver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.config.PsConfig;
import org.sparkharness.driver.ps.InProcessTraining;
import org.sparkharness.driver.run.Checkpoint;
import org.sparkharness.driver.run.CheckpointStore;

/**
 * The epoch-time half of {@code scripts/bench optimizers}: seconds per epoch of SAM, ASAM, SAF and MESA against
 * their base (AdamW) in the epoch where every method does all its work. SAF's term needs logits from E = 1 epoch
 * before, so epoch 0 only records them: each method trains epoch 0 once, untimed, and checkpoints; then epoch 1 is
 * timed {@code reps} times per method, each resumed from that checkpoint, interleaved (adamw, sam, …, adamw, sam,
 * …) so that a slow spell of a shared machine or a native-memory collection lands on every method alike. The
 * figure is the median; every run is kept in the JSON.
 */
final class EpochCost {
    static final List<String> METHODS = List.of("adamw", "sam", "asam", "saf", "mesa");
    static final String BASE = "adamw";

    /** Per method: the timed epochs' seconds in run order, and their median. */
    static Map<String, Object> run(LabeledImages train, LabeledImages test, int reps) throws IOException {
        int batchesPerEpoch = train.size() / OptimizerTraining.BATCH;
        Path dir = Files.createTempDirectory("epoch-cost");
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Map<String, Checkpoint> afterEpoch0 = new LinkedHashMap<>();
        for (String name : METHODS) {
            CheckpointStore store = new CheckpointStore(fs, new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()),
                    1);
            training(name, batchesPerEpoch).run(train, test, store, false, line -> {});
            afterEpoch0.put(name, store.latest().orElseThrow());
        }
        fs.delete(new org.apache.hadoop.fs.Path(dir.toUri()), true); // the checkpoints are held in memory now
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int r = 0; r < reps; r++) {
            for (String name : METHODS) {
                System.gc(); // start every timed epoch with the previous run's native buffers collected
                // No store: nothing but the rounds is timed (a final checkpoint would be).
                double s = training(name, 2 * batchesPerEpoch).run(train, test, null, afterEpoch0.get(name),
                        line -> {}).trainSeconds();
                seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
                System.out.printf("  epoch 1 of %-6s rep %d: %6.2f s%n", name, r, s);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reps", reps);
        out.put("seconds_per_epoch", seconds);
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) medians.put(e.getKey(), median(e.getValue()));
        out.put("median_seconds_per_epoch", medians);
        for (String name : METHODS) {
            if (!name.equals(BASE)) out.put(name + "_over_base", medians.get(name) / medians.get(BASE));
        }
        return out;
    }

    /** One worker, evaluation only after the last round, which is also the only checkpoint. */
    private static InProcessTraining training(String name, int rounds) {
        PsConfig ps = new PsConfig(1, null, null, rounds, rounds, rounds, rounds, 3600, null);
        return new InProcessTraining(OptimizerTraining.MODEL, OptimizerTraining.parse(OptimizerTraining.CONFIGS.get(name)),
                ps, OptimizerTraining.BATCH, OptimizerTraining.SEED);
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private EpochCost() {}
}
