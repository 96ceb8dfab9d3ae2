package org.sparkharness.data.score;

import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.data.testing.LocalSpark;

/**
 * Runs {@link ScoreJob} on the full Fashion-MNIST training set in a local[SLOTS] session with the default settings
 * (K = 5, 2 epochs) and {@code measureOverhead} on, and prints stats.json: the cost figures of G8. Not a surefire
 * test. Classpath as for {@code PruningStudyMain}; arguments {@code [DATA_DIR [OUT_DIR [SLOTS]]]}, defaults
 * {@code data/fashion-mnist}, {@code target/score-job}, 2. A second run on the same OUT_DIR reuses the models.
 */
public final class ScoreJobMain {
    private ScoreJobMain() {}

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "data/fashion-mnist";
        String out = args.length > 1 ? args[1] : "target/score-job";
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        LabeledImages train = FashionMnist.load(data, Split.TRAIN);
        SparkSession spark = LocalSpark.start("ScoreJobMain", slots);
        try {
            long start = System.nanoTime();
            ScoreStats stats = ScoreJob.run(spark, train, ScoreSettings.defaults().withMeasureOverhead(true), out,
                    line -> System.out.println("  " + line));
            System.out.println(StageFiles.JSON.writeValueAsString(stats));
            System.out.printf("ScoreJob wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }
}
