package org.sparkharness.data.score;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sparkharness.executors.model.Dl4jNetwork;

/**
 * The whole scoring computation in one JVM, without Spark: K runs with {@link ScoreTrainer}, then every chunk of
 * {@code evalBatch} rows through {@link ChunkScorer}. {@link ScoreJob} performs the same steps in Spark tasks and
 * must produce the same numbers; the pruning study uses this path directly.
 */
public final class SingleJvmScores {
    private SingleJvmScores() {}

    /** With a network built on its own (built-in or zoo) for {@code data}'s shape. */
    public static ScoreTable compute(TrainingArrays data, ScoreSettings settings, Consumer<String> progress) {
        return compute(data, settings, ScoringNetwork.of(settings.model(), data), progress);
    }

    /** Label noise (when configured) is injected here, as in {@link ScoreJob}. */
    public static ScoreTable compute(TrainingArrays data, ScoreSettings settings, ScoringNetwork model,
                                     Consumer<String> progress) {
        TrainingArrays used = data;
        int[] original = null;
        if (settings.labelNoise() > 0) {
            original = data.labels().clone();
            used = data.withLabels(LabelNoise.shuffle(original, settings.labelNoise(), settings.noiseSeed()));
        }
        List<Dl4jNetwork> nets = new ArrayList<>();
        for (int k = 0; k < settings.runs(); k++) {
            ScoreTrainer.TrainedRun run = ScoreTrainer.trainRun(used, settings, model, k);
            progress.accept(String.format("scoring run %d/%d trained: %d steps, %.1f s (%.2f ms/step)", k + 1,
                    settings.runs(), run.steps(), run.seconds(), run.millisPerStep()));
            // The trained network keeps its recipe's L2; scores read the loss gradient alone, as ScoreJob does.
            nets.add(model.withParams(TrainingArrays.rowMajor(run.network().params())));
        }
        return score(used, nets, settings.grand(), settings.evalBatch(), original);
    }

    /** Scores {@code data} under trained {@code nets}, chunk by chunk. */
    public static ScoreTable score(TrainingArrays data, List<Dl4jNetwork> nets, GrandMode grand, int evalBatch,
                                   int[] originalLabels) {
        ChunkScorer scorer = new ChunkScorer(nets, grand);
        List<ChunkScorer.Chunk> chunks = new ArrayList<>();
        int chunkCount = chunkCount(data.size(), evalBatch);
        for (int c = 0; c < chunkCount; c++) {
            int from = c * evalBatch;
            chunks.add(scorer.score(data, c, from, Math.min(data.size(), from + evalBatch)));
        }
        return ScoreTable.fromChunks(chunks, nets.size(), originalLabels);
    }

    /** ⌈n / evalBatch⌉. */
    public static int chunkCount(int n, int evalBatch) {
        return (n + evalBatch - 1) / evalBatch;
    }
}
