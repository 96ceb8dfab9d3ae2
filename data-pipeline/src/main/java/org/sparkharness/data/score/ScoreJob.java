package org.sparkharness.data.score;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.Sha256Sums;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.io.StageFiles;
import org.sparkharness.executors.device.TaskDevice;
import org.sparkharness.executors.io.AtomicFiles;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.SavedModels;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * EL2N / GraNd / loss scores of a training set as a Spark job (docs/algorithms/data-pipeline.md §1.6).
 *
 * <p>Step 1, training: the K scoring runs are K independent Spark tasks (one partition per run id) on the
 * broadcast training set; each returns its model as ModelSerializer bytes, which the driver saves to
 * {@code outDir/models/run-<k>.zip} as soon as that task finishes. A run whose file exists is not trained again
 * (resume); {@code models/training.json} records what the models were trained with, and a rerun with different
 * training settings or data is refused rather than mixing models.
 *
 * <p>Step 2, scoring: one pass with the K models broadcast as parameter vectors (each partition builds the K
 * networks once from the ModelSpec, much cheaper than unzipping and parsing K saved models). The examples are cut
 * into fixed chunks of {@code evalBatch} rows, and the chunks are spread over {@code spark.defaultParallelism}
 * partitions (or {@code scorePartitions}); each partition scores its chunks with {@link ChunkScorer} (eval-mode
 * forward passes).
 * Chunk boundaries do not depend on the partitioning, so the scores are bit-identical for any partition count and
 * equal to {@link SingleJvmScores} with the same settings.
 *
 * <p>Output: Parquet {@code outDir/scores} (id, label, el2n, grand, loss, el2n_runs; plus original_label and noisy
 * when label noise was injected) and {@code outDir/stats.json} ({@link ScoreStats}).
 */
public final class ScoreJob {
    public static final String MODELS_DIR = "models";
    public static final String SCORES_DIR = "scores";
    public static final String STATS_FILE = "stats.json";
    /** Inside {@link #MODELS_DIR}: the training settings and data fingerprint the saved models belong to. */
    public static final String TRAINING_FILE = "training.json";
    /** Bins of the histograms in {@code stats.json}. */
    public static final int HISTOGRAM_BINS = 20;

    private ScoreJob() {}

    /** The model file of run {@code k}. */
    public static Path modelPath(String outDir, int k) {
        return new Path(new Path(outDir, MODELS_DIR), "run-" + k + ".zip");
    }

    /** Reads the scores written by {@link #run}. */
    public static Dataset<Row> readScores(SparkSession spark, String outDir) {
        return spark.read().parquet(new Path(outDir, SCORES_DIR).toString());
    }

    /** Computes the scores of {@code train} with a network the executors build on their own (built-in or zoo). */
    public static ScoreStats run(SparkSession spark, LabeledImages train, ScoreSettings settings, String outDir,
                                 Consumer<String> progress) {
        return run(spark, train, settings, ScoringNetwork.of(settings.model(), TrainingArrays.of(train)), outDir,
                progress);
    }

    /**
     * Computes the scores of {@code train} with {@code model} (the driver has read the user's network and checked it
     * against the data); see the class comment.
     */
    public static ScoreStats run(SparkSession spark, LabeledImages train, ScoreSettings settings, ScoringNetwork model,
                                 String outDir, Consumer<String> progress) {
        // One network of the spec on the driver: what the saved runs must fit and what last-layer GraNd needs.
        Dl4jNetwork template = model.spec().network(model.input(), 0);
        checkGrand(settings, template, model);
        TrainingArrays clean = TrainingArrays.of(train);
        TrainingArrays data = clean;
        int[] original = null;
        ScoreStats.Noise noise = null;
        if (settings.labelNoise() > 0) {
            original = clean.labels().clone();
            int[] noisy = LabelNoise.shuffle(original, settings.labelNoise(), settings.noiseSeed());
            data = clean.withLabels(noisy);
            noise = new ScoreStats.Noise(settings.labelNoise(), settings.noiseSeed(),
                    (int) Math.floor(settings.labelNoise() * clean.size()), LabelNoise.changed(original, noisy));
            progress.accept(String.format("label noise: %d of %d labels shuffled, %d changed (seed %d)",
                    noise.shuffled(), clean.size(), noise.changed(), settings.noiseSeed()));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<TrainingArrays> sharedData = jsc.broadcast(data);
        try {
            Training training = trainMissingRuns(jsc, sharedData, data, settings, model, outDir, progress);
            List<float[]> models = new ArrayList<>();
            for (int k = 0; k < settings.runs(); k++) {
                models.add(inferenceParams(readModel(modelPath(outDir, k)), template, model));
            }
            Broadcast<List<float[]>> sharedModels = jsc.broadcast(models);
            Broadcast<int[]> sharedOriginal = jsc.broadcast(original);
            try {
                return score(spark, jsc, sharedData, sharedModels, sharedOriginal, data, original, settings, model,
                        outDir, training, noise, progress);
            } finally {
                sharedModels.destroy();
                sharedOriginal.destroy();
            }
        } finally {
            sharedData.destroy();
        }
    }

    // ---------------------------------------------------------------- step 1: K training tasks

    private record Training(double seconds, Map<Integer, Double> runSeconds, double millisPerStep, int reused) {}

    /** What a training task sends back. A plain class: Kryo 4 cannot build records. */
    static final class TrainedModel implements Serializable {
        private static final long serialVersionUID = 1L;
        final int run;
        final byte[] bytes;
        final long steps;
        final double seconds;

        TrainedModel(int run, byte[] bytes, long steps, double seconds) {
            this.run = run;
            this.bytes = bytes;
            this.steps = steps;
            this.seconds = seconds;
        }
    }

    /** Trains the run of its single partition. */
    static final class TrainPartition extends AbstractFunction2<TaskContext, scala.collection.Iterator<Integer>,
            TrainedModel> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<TrainingArrays> data;
        private final ScoreSettings settings;
        private final ScoringNetwork model;

        TrainPartition(Broadcast<TrainingArrays> data, ScoreSettings settings, ScoringNetwork model) {
            this.data = data;
            this.settings = settings;
            this.model = model;
        }

        @Override
        public TrainedModel apply(TaskContext context, scala.collection.Iterator<Integer> runs) {
            int run = runs.next();
            if (runs.hasNext()) throw new IllegalStateException("a training partition holds more than one run");
            TaskDevice.bind();
            ScoreTrainer.TrainedRun trained = ScoreTrainer.trainRun(data.value(), settings, model, run);
            return new TrainedModel(run, SavedModels.write(trained.network().model()), trained.steps(),
                    trained.seconds());
        }
    }

    /**
     * Spark's result handler: runs on the driver as each training task completes and saves that run at once, so a
     * job that fails later keeps the finished runs. Never serialised.
     */
    static final class SaveModel extends AbstractFunction2<Object, TrainedModel, BoxedUnit> {
        private final String outDir;
        private final int runs;
        private final Consumer<String> progress;
        private final Map<Integer, Double> seconds = new TreeMap<>();
        private long steps;

        SaveModel(String outDir, int runs, Consumer<String> progress) {
            this.outDir = outDir;
            this.runs = runs;
            this.progress = progress;
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, TrainedModel m) {
            writeBytes(modelPath(outDir, m.run), m.bytes);
            seconds.put(m.run, m.seconds);
            steps += m.steps;
            progress.accept(String.format("scoring run %d/%d trained: %d steps in %.1f s (%.2f ms/step) -> %s",
                    m.run + 1, runs, m.steps, m.seconds, m.seconds * 1000 / m.steps, modelPath(outDir, m.run)));
            return BoxedUnit.UNIT;
        }
    }

    private static Training trainMissingRuns(JavaSparkContext jsc, Broadcast<TrainingArrays> sharedData,
                                             TrainingArrays data, ScoreSettings settings, ScoringNetwork model,
                                             String outDir, Consumer<String> progress) {
        checkTrainingKey(data, settings, outDir);
        List<Integer> missing = new ArrayList<>();
        int reused = 0;
        for (int k = 0; k < settings.runs(); k++) {
            if (StageFiles.exists(modelPath(outDir, k))) {
                reused++;
                progress.accept("scoring run " + (k + 1) + "/" + settings.runs() + " reused: "
                        + modelPath(outDir, k));
            } else {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) return new Training(0, Map.of(), Double.NaN, reused);
        long start = System.nanoTime();
        RDD<Integer> runIds = jsc.parallelize(missing, missing.size()).rdd();
        SaveModel save = new SaveModel(outDir, settings.runs(), progress);
        ClassTag<TrainedModel> tag = ClassTag$.MODULE$.apply(TrainedModel.class);
        jsc.sc().runJob(runIds, new TrainPartition(sharedData, settings, model), save, tag);
        double seconds = (System.nanoTime() - start) / 1e9;
        double taskSeconds = save.seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Training(seconds, Map.copyOf(save.seconds), taskSeconds * 1000 / save.steps, reused);
    }

    /**
     * What determines a saved model besides its run id: the training settings and a SHA-256 of the data (features,
     * labels as used, ids). Evaluation settings (grand, evalBatch, measureOverhead) and K are not part of it.
     */
    public record TrainingKey(ModelSpec model, int epochs, int batchSize, double lr, double momentum,
                              double weightDecay, long seed, double labelNoise, long noiseSeed, int n,
                              String dataSha256) {}

    private static void checkTrainingKey(TrainingArrays data, ScoreSettings s, String outDir) {
        TrainingKey key = new TrainingKey(s.model(), s.epochs(), s.batchSize(), s.lr(), s.momentum(),
                s.weightDecay(), s.seed(), s.labelNoise(), s.noiseSeed(), data.size(), dataSha256(data));
        Path file = new Path(new Path(outDir, MODELS_DIR), TRAINING_FILE);
        if (StageFiles.exists(file)) {
            TrainingKey saved = StageFiles.readJson(file, TrainingKey.class);
            if (!saved.equals(key)) {
                throw new IllegalStateException(new Path(outDir, MODELS_DIR) + " holds models trained with " + saved
                        + ", not " + key + ": use another outDir or delete that folder");
            }
        } else {
            StageFiles.writeJson(file, key);
        }
    }

    /** SHA-256 over the ids, labels and feature values (big-endian). */
    static String dataSha256(TrainingArrays data) {
        MessageDigest digest = Sha256Sums.digest();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long id : data.ids()) {
            if (buf.remaining() < 8) flush(buf, digest);
            buf.putLong(id);
        }
        for (int label : data.labels()) {
            if (buf.remaining() < 4) flush(buf, digest);
            buf.putInt(label);
        }
        for (float v : data.features()) {
            if (buf.remaining() < 4) flush(buf, digest);
            buf.putFloat(v);
        }
        flush(buf, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void flush(ByteBuffer buf, MessageDigest digest) {
        buf.flip();
        digest.update(buf);
        buf.clear();
    }

    // ---------------------------------------------------------------- step 2: the scoring pass

    private static ScoreStats score(SparkSession spark, JavaSparkContext jsc, Broadcast<TrainingArrays> sharedData,
                                    Broadcast<List<float[]>> sharedModels, Broadcast<int[]> sharedOriginal,
                                    TrainingArrays data, int[] original, ScoreSettings settings,
                                    ScoringNetwork model, String outDir, Training training, ScoreStats.Noise noise,
                                    Consumer<String> progress) {
        int evalBatch = settings.evalBatch();
        GrandMode grand = settings.grand();
        int chunks = SingleJvmScores.chunkCount(data.size(), evalBatch);
        int wanted = settings.scorePartitions() == null ? jsc.defaultParallelism() : settings.scorePartitions();
        int partitions = Math.max(1, Math.min(wanted, chunks));
        List<Integer> chunkIds = IntStream.range(0, chunks).boxed().toList();

        long start = System.nanoTime();
        JavaRDD<ChunkScorer.Chunk> scored = jsc.parallelize(chunkIds, partitions)
                .mapPartitions(ids -> scorePartition(ids, sharedData.value(), model, sharedModels.value(), grand,
                        evalBatch))
                .persist(StorageLevel.MEMORY_ONLY());
        scored.count();
        double scoringSeconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format("scoring pass: %d examples x %d runs in %d partitions, %.1f s",
                data.size(), settings.runs(), partitions, scoringSeconds));
        ScoreTable table = ScoreTable.fromChunks(scored.collect(), settings.runs(), original);

        boolean withNoise = original != null;
        JavaRDD<Row> rows = scored.flatMap(c -> chunkRows(c, sharedOriginal.value(), evalBatch).iterator());
        Dataset<Row> frame = spark.createDataFrame(rows, schema(withNoise));
        frame.write().mode(SaveMode.Overwrite).parquet(new Path(outDir, SCORES_DIR).toString());
        scored.unpersist(false);

        Double plain = null;
        Double ratio = null;
        if (settings.measureOverhead()) {
            plain = plainOutputSeconds(data, model, sharedModels.value(), evalBatch);
            ratio = scoringSeconds / plain;
            progress.accept(String.format("overhead: plain batched output() %.1f s, Spark pass %.1f s (%.2fx)",
                    plain, scoringSeconds, ratio));
        }
        ScoreStats.Cost cost = new ScoreStats.Cost(training.seconds(), training.runSeconds().size(),
                training.reused(), training.runSeconds(), training.millisPerStep(), scoringSeconds, partitions, plain,
                ratio, (long) settings.runs() * settings.epochs());
        ScoreStats stats = summarize(table, data.numClasses(), settings, cost, noise);
        StageFiles.writeJson(new Path(outDir, STATS_FILE), stats);
        return stats;
    }

    /**
     * The parameters of a trained model for scoring, after checking that the scoring network (what
     * {@link #inferenceNetworks} builds) has the same layout: the training recipe only changes the updater and
     * regularisation, which inference does not use.
     */
    static float[] inferenceParams(Model trained, Dl4jNetwork plain, ScoringNetwork model) {
        Map<String, INDArray> saved = trained.paramTable();
        if (!plain.paramTable().keySet().equals(saved.keySet()) || plain.numParams() != trained.numParams()) {
            throw new IllegalStateException("the saved model's parameters " + saved.keySet() + " ("
                    + trained.numParams() + ") do not fit " + model.spec());
        }
        return TrainingArrays.rowMajor(trained.params());
    }

    /** A saved scoring run. */
    static Model readModel(Path path) {
        try {
            return SavedModels.read(readBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the scoring run saved in " + path, e);
        }
    }

    /**
     * Last-layer GraNd is a closed form for a dense softmax output layer; any other last layer (a LossLayer after
     * global pooling, say) is refused before training, naming the modes that apply to every network.
     */
    static void checkGrand(ScoreSettings settings, Dl4jNetwork network, ScoringNetwork model) {
        if (settings.grand() != GrandMode.LAST_LAYER) return;
        var out = network.outputLayer();
        if (!out.isDenseSoftmax()) {
            throw new org.sparkharness.optimizers.config.ConfigException("grand", "lastLayer", "needs a network "
                    + "ending in a dense softmax OutputLayer, and " + model.spec() + " ends in a " + out.typeName()
                    + "; use grand: exact (per-example gradient norms) or none");
        }
    }

    /** Networks for the scoring pass, each with one run's parameters. */
    static List<Dl4jNetwork> inferenceNetworks(ScoringNetwork model, List<float[]> params) {
        List<Dl4jNetwork> nets = new ArrayList<>();
        for (float[] p : params) nets.add(model.withParams(p));
        return nets;
    }

    private static Iterator<ChunkScorer.Chunk> scorePartition(Iterator<Integer> chunkIds, TrainingArrays data,
                                                              ScoringNetwork model, List<float[]> params,
                                                              GrandMode grand, int evalBatch) {
        TaskDevice.bind();
        List<Dl4jNetwork> nets = inferenceNetworks(model, params);
        ChunkScorer scorer = new ChunkScorer(nets, grand);
        List<ChunkScorer.Chunk> out = new ArrayList<>();
        while (chunkIds.hasNext()) {
            int c = chunkIds.next();
            int from = c * evalBatch;
            out.add(scorer.score(data, c, from, Math.min(data.size(), from + evalBatch)));
        }
        return out.iterator();
    }

    /** Parquet schema of {@code outDir/scores}. */
    public static StructType schema(boolean withNoise) {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("label", DataTypes.IntegerType, false),
                DataTypes.createStructField("el2n", DataTypes.DoubleType, false),
                DataTypes.createStructField("grand", DataTypes.DoubleType, false),
                DataTypes.createStructField("loss", DataTypes.DoubleType, false),
                DataTypes.createStructField("el2n_runs", DataTypes.createArrayType(DataTypes.DoubleType, false),
                        false)));
        if (withNoise) {
            fields.add(DataTypes.createStructField("original_label", DataTypes.IntegerType, false));
            fields.add(DataTypes.createStructField("noisy", DataTypes.BooleanType, false));
        }
        return DataTypes.createStructType(fields);
    }

    private static List<Row> chunkRows(ChunkScorer.Chunk c, int[] original, int evalBatch) {
        List<Row> rows = new ArrayList<>(c.size());
        int runs = c.el2n().length;
        for (int i = 0; i < c.size(); i++) {
            double[] perRun = new double[runs];
            for (int r = 0; r < runs; r++) perRun[r] = c.el2n()[r][i];
            List<Object> values = new ArrayList<>(List.of(c.ids()[i], c.labels()[i], ScoreTable.mean(c.el2n(), i),
                    ScoreTable.mean(c.grand(), i), ScoreTable.mean(c.loss(), i), perRun));
            if (original != null) {
                int orig = original[c.index() * evalBatch + i];
                values.add(orig);
                values.add(orig != c.labels()[i]);
            }
            rows.add(RowFactory.create(values.toArray()));
        }
        return rows;
    }

    /**
     * K plain {@code output(x, false)} passes over the data in evalBatch chunks on this thread, networks built before
     * the clock starts (G8's baseline).
     */
    private static double plainOutputSeconds(TrainingArrays data, ScoringNetwork model, List<float[]> params,
                                             int evalBatch) {
        List<Dl4jNetwork> nets = inferenceNetworks(model, params);
        long start = System.nanoTime();
        for (int from = 0; from < data.size(); from += evalBatch) {
            INDArray x = data.featureRows(from, Math.min(data.size(), from + evalBatch));
            for (Dl4jNetwork net : nets) NativeMemory.release(net.output(x, false));
            NativeMemory.release(x);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The statistics of {@code stats.json} from a score table. */
    public static ScoreStats summarize(ScoreTable table, int numClasses, ScoreSettings settings,
                                       ScoreStats.Cost cost, ScoreStats.Noise noise) {
        Map<String, ScoreStats.Distribution> scores = new LinkedHashMap<>();
        scores.put("el2n", ScoreStatistics.distribution(table.el2n(), HISTOGRAM_BINS));
        if (settings.grand() != GrandMode.NONE) {
            scores.put("grand", ScoreStatistics.distribution(table.grand(), HISTOGRAM_BINS));
        }
        scores.put("loss", ScoreStatistics.distribution(table.loss(), HISTOGRAM_BINS));
        long[] classCounts = new long[numClasses];
        for (int label : table.labels()) classCounts[label]++;
        ScoreStats.Stability stability = null;
        int k = table.runs();
        if (k >= 2) {
            double[][] runs = table.el2nRuns();
            double[] first = ScoreStatistics.meanOfRuns(runs, 0, k / 2);
            double[] second = ScoreStatistics.meanOfRuns(runs, k / 2, k);
            stability = new ScoreStats.Stability(ScoreStatistics.spearman(runs[0], runs[1]),
                    ScoreStatistics.spearman(first, second), ScoreStatistics.topOverlap(runs[0], runs[1], 0.1),
                    ScoreStatistics.topOverlap(first, second, 0.1), k / 2, k - k / 2);
        }
        long steps = settings.recipe().steps(table.size(), settings.epochs());
        return new ScoreStats(table.size(), k, settings.epochs(), steps, scores, classCounts,
                ScoreStatistics.classMeans(table.el2n(), table.labels(), numClasses), stability, cost, noise,
                settings);
    }

    // ---------------------------------------------------------------- files

    static void writeBytes(Path file, byte[] bytes) {
        AtomicFiles.write(StageFiles.fileSystem(file), file, bytes);
    }

    static byte[] readBytes(Path file) {
        FileSystem fs = StageFiles.fileSystem(file);
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
