/**
 * Data-pruning scores (Paul, Ganguli, Dziugaite 2021, arXiv 2107.07075): EL2N = E‖softmax − onehot‖₂ and GraNd =
 * E‖∇ℓ‖₂ over K independently trained scoring runs, per-example loss, label-noise injection (data_diet scheme) and
 * score statistics; {@link org.sparkharness.data.score.ScoreJob} runs the K trainings and the scoring pass on Spark.
 *
 * <p>Pure maths: {@link org.sparkharness.data.score.ScoreMath}, {@link org.sparkharness.data.score.ScoreStatistics},
 * {@link org.sparkharness.data.score.Ranks}, {@link org.sparkharness.data.score.LabelNoise}. Single-JVM pieces
 * shared by the Spark job and the pruning study: {@link org.sparkharness.data.score.ScoreTrainer} (training with
 * DL4J's own fit path) and {@link org.sparkharness.data.score.ChunkScorer} (one evaluation chunk through K models).
 */
package org.sparkharness.data.score;
