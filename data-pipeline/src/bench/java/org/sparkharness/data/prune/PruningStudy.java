package org.sparkharness.data.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.noise.Ranking;
import org.sparkharness.data.score.GrandMode;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.score.ScoreStatistics;
import org.sparkharness.data.score.ScoreTable;
import org.sparkharness.data.score.ScoreTrainer;
import org.sparkharness.data.score.ScoringNetwork;
import org.sparkharness.data.score.SgdRecipe;
import org.sparkharness.data.score.SingleJvmScores;
import org.sparkharness.data.score.Standardization;
import org.sparkharness.data.score.TrainingArrays;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.optimizers.config.Check;

/**
 * The equal-steps pruning study of docs/algorithms/data-pipeline.md §6 (G3–G7), in one JVM without Spark.
 *
 * <p>Scores: K scoring runs of {@code scoreEpochs} epochs on the training set ({@link SingleJvmScores}); EL2N is
 * their mean. Cells: full data, EL2N keep-hardest 50 %, random 50 %, EL2N keep 30 % skipping the hardest
 * {@code offset}, random 30 % and, with {@code sanity}, keep-hardest 30 % without offset and keep-easiest 50 %.
 * Every cell trains the same number of SGD steps, the full run's {@code trainEpochs · ⌈N / batch⌉} (more passes over
 * a smaller subset), with the cosine schedule over those steps, and is tested on the test split. Seed s of S fixes
 * the network initialisation and data order of every cell (paired comparison) and the random subsets. Noise
 * section: labels of {@code noiseFraction} of the training set shuffled (data_diet scheme), EL2N / GraNd-LL / loss
 * from K runs on the noisy set, precision at n_noisy and AUROC of each.
 */
public final class PruningStudy {

    /**
     * @param model         network of every run (default MLP [128] relu)
     * @param seeds         training seeds, one accuracy per cell each (default 1, 2, 3)
     * @param scoreRuns     K (default 5)
     * @param scoreEpochs   epochs of each scoring run (default 2)
     * @param scoreSeed     base seed of the scoring runs (default 42)
     * @param trainEpochs   epochs of the full-data run; its step count is every cell's (default 8)
     * @param batchSize     default 128
     * @param lr            peak learning rate, cosine to 0 (default 0.05)
     * @param momentum      Nesterov momentum (default 0.9)
     * @param weightDecay   L2 on weights (default 5e-4)
     * @param standardize   standardise pixels per feature with training statistics, as §6 does (default true)
     * @param offset        hardest fraction skipped by the 30 % EL2N cell (default 0.02)
     * @param sanity        also train keep-hardest 30 % without offset and keep-easiest 50 % (default true)
     * @param noiseFraction label-noise fraction of the noise section, 0 to skip it (default 0.1)
     * @param noiseSeed     its shuffle seed (default 0)
     * @param evalBatch     rows per forward pass in scoring and testing (default 1024)
     */
    public record Settings(ModelSpec model, List<Long> seeds, Integer scoreRuns, Integer scoreEpochs, Long scoreSeed,
                           Integer trainEpochs, Integer batchSize, Double lr, Double momentum, Double weightDecay,
                           Boolean standardize, Double offset, Boolean sanity, Double noiseFraction, Long noiseSeed,
                           Integer evalBatch) {
        public Settings {
            model = model == null ? new MlpSpec(List.of(128), "relu") : model;
            seeds = seeds == null ? List.of(1L, 2L, 3L) : List.copyOf(seeds);
            if (seeds.isEmpty()) throw new org.sparkharness.optimizers.config.ConfigException("seeds", seeds,
                    "must list at least one seed");
            scoreRuns = Check.positiveInt("scoreRuns", scoreRuns == null ? 5 : scoreRuns);
            scoreEpochs = Check.positiveInt("scoreEpochs", scoreEpochs == null ? 2 : scoreEpochs);
            scoreSeed = scoreSeed == null ? 42L : scoreSeed;
            trainEpochs = Check.positiveInt("trainEpochs", trainEpochs == null ? 8 : trainEpochs);
            batchSize = Check.positiveInt("batchSize", batchSize == null ? 128 : batchSize);
            lr = Check.positive("lr", lr == null ? 0.05 : lr);
            momentum = Check.inHalfOpen("momentum", momentum == null ? 0.9 : momentum, 0, 1);
            weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 5e-4 : weightDecay);
            standardize = standardize == null || standardize;
            offset = Check.inHalfOpen("offset", offset == null ? 0.02 : offset, 0, 1);
            sanity = sanity == null || sanity;
            noiseFraction = Check.inHalfOpen("noiseFraction", noiseFraction == null ? 0.1 : noiseFraction, 0, 1);
            noiseSeed = noiseSeed == null ? 0L : noiseSeed;
            evalBatch = Check.positiveInt("evalBatch", evalBatch == null ? 1024 : evalBatch);
        }

        public static Settings defaults() {
            return new Settings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null);
        }

        /** The same settings with {@code count} seeds 1..count. */
        public Settings withSeedCount(int count) {
            List<Long> s = new ArrayList<>();
            for (long i = 1; i <= count; i++) s.add(i);
            return new Settings(model, s, scoreRuns, scoreEpochs, scoreSeed, trainEpochs, batchSize, lr, momentum,
                    weightDecay, standardize, offset, sanity, noiseFraction, noiseSeed, evalBatch);
        }

        /** The scoring settings (no Spark options used). */
        public ScoreSettings scoreSettings() {
            return ScoreSettings.defaults().withModel(model).withRuns(scoreRuns).withEpochs(scoreEpochs)
                    .withBatchSize(batchSize).withLr(lr).withMomentum(momentum).withWeightDecay(weightDecay)
                    .withSeed(scoreSeed).withGrand(GrandMode.LAST_LAYER).withEvalBatch(evalBatch);
        }

        public SgdRecipe recipe() {
            return new SgdRecipe(batchSize, lr, momentum, weightDecay);
        }
    }

    /**
     * One subset rule trained with every seed.
     *
     * @param name       short name ({@code full}, {@code el2n_hardest_50}, …)
     * @param rule       the selection, null for full data
     * @param trainSize  examples in the subset
     * @param accuracies test accuracy (%) per seed, in {@link Settings#seeds} order
     * @param mean       their mean
     * @param std        their sample standard deviation (0 for one seed)
     * @param seconds    wall time of the cell's trainings
     */
    public record Cell(String name, PruneSettings rule, int trainSize, List<Double> accuracies, double mean,
                       double std, double seconds) {}

    /**
     * The noise section.
     *
     * @param shuffled            examples whose labels were permuted
     * @param noisy               labels actually changed (n_noisy)
     * @param precisionAtNoisy    per score ({@code el2n}, {@code grand}, {@code loss}): precision at n_noisy
     * @param auroc               per score: AUROC of noisy vs clean
     * @param seconds             scoring time on the noisy set
     */
    public record NoiseSection(int shuffled, int noisy, Map<String, Double> precisionAtNoisy,
                               Map<String, Double> auroc, double seconds) {}

    /** A goal of docs/algorithms/data-pipeline.md §8 and whether this run met it. */
    public record Goal(String name, double value, double threshold, boolean met) {}

    /**
     * Everything the study measured.
     *
     * @param steps                   SGD steps of every cell
     * @param trainSize               N
     * @param testSize                test examples
     * @param cells                   per subset rule
     * @param el2n50MinusFullPp       mean(EL2N keep 50 %) − mean(full), percentage points (G4: ≥ −0.3)
     * @param el2n50MinusRandomPp     mean(EL2N keep 50 %) − mean(random 50 %) (G4: ≥ 0.8)
     * @param offset30MinusRandomPp   mean(EL2N 30 % with offset) − mean(random 30 %) (G5: ≥ 1.0)
     * @param offset30MinusFullPp     mean(EL2N 30 % with offset) − mean(full) (G5: ≥ −0.8)
     * @param hardest30MinusRandomPp  keep-hardest 30 % without offset − random 30 % (G5 documents it is negative)
     * @param easiest50MinusRandomPp  keep-easiest 50 % − random 50 % (G6: negative)
     * @param noisePrecision          EL2N precision at n_noisy (G7: ≥ 0.80)
     * @param noiseAuroc              EL2N AUROC (G7: ≥ 0.97)
     * @param spearmanRun0Run1        Spearman ρ of EL2N between scoring runs 0 and 1 (G3: ≥ 0.96)
     * @param spearmanHalves          between the means of runs [0, ⌊K/2⌋) and [⌊K/2⌋, K)
     * @param spearmanEl2nGrand       between mean EL2N and mean last-layer GraNd
     * @param noise                   the noise section, null when skipped
     * @param goals                   each goal with its threshold
     * @param timings                 seconds: {@code load}, {@code scores}, {@code cells}, {@code noise},
     *                                {@code total}, and {@code msPerStep} (mean over the cells' trainings)
     * @param settings                the settings as resolved
     */
    public record Result(long steps, int trainSize, int testSize, List<Cell> cells, double el2n50MinusFullPp,
                         double el2n50MinusRandomPp, double offset30MinusRandomPp, double offset30MinusFullPp,
                         Double hardest30MinusRandomPp, Double easiest50MinusRandomPp, Double noisePrecision,
                         Double noiseAuroc, Double spearmanRun0Run1, Double spearmanHalves, double spearmanEl2nGrand,
                         NoiseSection noise, List<Goal> goals, Map<String, Double> timings, Settings settings) {

        /** The cell called {@code name}. */
        public Cell cell(String name) {
            return cells.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no cell " + name));
        }
    }

    private PruningStudy() {}

    /** Loads Fashion-MNIST from {@code dataDir} and runs the study. */
    public static Result run(String dataDir, Settings settings, Consumer<String> progress) {
        long start = System.nanoTime();
        FashionMnist.Loaded loaded = FashionMnist.loadAll(dataDir);
        double load = seconds(start);
        return run(loaded.train(), loaded.test(), settings, progress, load);
    }

    /** Runs the study on the given splits. */
    public static Result run(LabeledImages trainImages, LabeledImages testImages, Settings settings,
                             Consumer<String> progress) {
        return run(trainImages, testImages, settings, progress, 0);
    }

    private static Result run(LabeledImages trainImages, LabeledImages testImages, Settings s,
                              Consumer<String> progress, double loadSeconds) {
        long start = System.nanoTime();
        TrainingArrays train = TrainingArrays.of(trainImages);
        TrainingArrays test = TrainingArrays.of(testImages);
        if (s.standardize()) {
            Standardization z = Standardization.fit(train);
            train = z.apply(train);
            test = z.apply(test);
        }
        int n = train.size();
        long steps = s.recipe().steps(n, s.trainEpochs());
        progress.accept(String.format("pruning study: %d train / %d test, %d seeds, %d steps per cell, K = %d x %d"
                + " epochs", n, test.size(), s.seeds().size(), steps, s.scoreRuns(), s.scoreEpochs()));

        long t = System.nanoTime();
        ScoreTable scores = SingleJvmScores.compute(train, s.scoreSettings(), progress);
        double scoreSeconds = seconds(t);
        double[] el2n = scores.el2n();
        Double rho01 = null;
        Double rhoHalves = null;
        if (s.scoreRuns() >= 2) {
            double[][] runs = scores.el2nRuns();
            int k = s.scoreRuns();
            rho01 = ScoreStatistics.spearman(runs[0], runs[1]);
            rhoHalves = ScoreStatistics.spearman(ScoreStatistics.meanOfRuns(runs, 0, k / 2),
                    ScoreStatistics.meanOfRuns(runs, k / 2, k));
        }
        double rhoGrand = ScoreStatistics.spearman(el2n, scores.grand());
        progress.accept(String.format("scores: %.0f s; Spearman run0/run1 %s, halves %s, EL2N/GraNd-LL %.3f",
                scoreSeconds, rho01, rhoHalves, rhoGrand));

        Map<String, PruneSettings> rules = new LinkedHashMap<>();
        rules.put("full", null);
        rules.put("el2n_hardest_50", PruneSettings.hardest(0.5, 0));
        rules.put("random_50", null);
        rules.put("el2n_offset_30", PruneSettings.hardest(0.3, s.offset()));
        rules.put("random_30", null);
        if (s.sanity()) {
            rules.put("el2n_hardest_30", PruneSettings.hardest(0.3, 0));
            rules.put("el2n_easiest_50", PruneSettings.easiest(0.5));
        }
        ScoringNetwork model = ScoringNetwork.of(s.model(), train);
        INDArray x = train.featureMatrix();
        INDArray xTest = test.featureMatrix();
        List<Cell> cells = new ArrayList<>();
        double trainSeconds = 0;
        long trainSteps = 0;
        t = System.nanoTime();
        try {
            for (Map.Entry<String, PruneSettings> e : rules.entrySet()) {
                String name = e.getKey();
                List<Double> acc = new ArrayList<>();
                long cellStart = System.nanoTime();
                int size = 0;
                PruneSettings shown = e.getValue();
                for (long seed : s.seeds()) {
                    PruneSettings rule = e.getValue();
                    if (name.startsWith("random_")) {
                        rule = PruneSettings.random(Integer.parseInt(name.substring(7)) / 100.0, seed);
                        shown = rule;
                    }
                    int[] rows = rule == null ? ScoreTrainer.allRows(n)
                            : Selection.select(el2n, train.ids(), train.labels(), rule);
                    size = rows.length;
                    ScoreTrainer.TrainedRun run = ScoreTrainer.train(model, x,
                            train.labels(), rows, s.recipe(), steps, seed, 7919 * seed + 17, 0);
                    trainSeconds += run.seconds();
                    trainSteps += run.steps();
                    acc.add(100 * accuracy(run.network(), xTest, test.labels(), s.evalBatch()));
                }
                double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                Cell cell = new Cell(name, shown, size, List.copyOf(acc), mean, std(acc, mean), seconds(cellStart));
                cells.add(cell);
                progress.accept(String.format("%-16s n=%5d  acc %s  mean %.2f  (%.0f s)", name, size,
                        acc.stream().map(a -> String.format("%.2f", a)).toList(), mean, cell.seconds()));
            }
        } finally {
            NativeMemory.release(x);
            NativeMemory.release(xTest);
        }
        double cellSeconds = seconds(t);

        NoiseSection noise = null;
        if (s.noiseFraction() > 0) {
            t = System.nanoTime();
            ScoreTable noisy = SingleJvmScores.compute(train,
                    s.scoreSettings().withLabelNoise(s.noiseFraction()).withNoiseSeed(s.noiseSeed()), progress);
            boolean[] flipped = new boolean[n];
            for (int i = 0; i < n; i++) flipped[i] = noisy.noisy(i);
            int nNoisy = Ranking.count(flipped);
            Map<String, Double> precision = new LinkedHashMap<>();
            Map<String, Double> auroc = new LinkedHashMap<>();
            Map<String, double[]> byScore = new LinkedHashMap<>();
            byScore.put("el2n", noisy.el2n());
            byScore.put("grand", noisy.grand());
            byScore.put("loss", noisy.loss());
            for (Map.Entry<String, double[]> e : byScore.entrySet()) {
                precision.put(e.getKey(), Ranking.precisionAtK(e.getValue(), noisy.ids(), flipped, nNoisy));
                auroc.put(e.getKey(), Ranking.auroc(e.getValue(), flipped));
            }
            noise = new NoiseSection((int) Math.floor(s.noiseFraction() * n), nNoisy, precision, auroc, seconds(t));
            progress.accept(String.format("noise: %d labels changed; precision@n_noisy %s; AUROC %s (%.0f s)",
                    nNoisy, precision, auroc, noise.seconds()));
        }

        Map<String, Cell> byName = new LinkedHashMap<>();
        for (Cell c : cells) byName.put(c.name(), c);
        double full = byName.get("full").mean();
        double el2n50 = byName.get("el2n_hardest_50").mean();
        double random50 = byName.get("random_50").mean();
        double offset30 = byName.get("el2n_offset_30").mean();
        double random30 = byName.get("random_30").mean();
        Double hardest30 = s.sanity() ? byName.get("el2n_hardest_30").mean() - random30 : null;
        Double easiest50 = s.sanity() ? byName.get("el2n_easiest_50").mean() - random50 : null;
        Double noisePrecision = noise == null ? null : noise.precisionAtNoisy().get("el2n");
        Double noiseAuroc = noise == null ? null : noise.auroc().get("el2n");

        List<Goal> goals = new ArrayList<>();
        goals.add(goal("G4 el2n50 - full (pp)", el2n50 - full, -0.3));
        goals.add(goal("G4 el2n50 - random50 (pp)", el2n50 - random50, 0.8));
        goals.add(goal("G5 offset30 - random30 (pp)", offset30 - random30, 1.0));
        goals.add(goal("G5 offset30 - full (pp)", offset30 - full, -0.8));
        if (easiest50 != null) goals.add(new Goal("G6 easiest50 - random50 (pp) < 0", easiest50, 0, easiest50 < 0));
        if (rho01 != null) goals.add(goal("G3 Spearman two single runs", rho01, 0.96));
        if (noise != null) {
            goals.add(goal("G7 EL2N precision@n_noisy", noisePrecision, 0.80));
            goals.add(goal("G7 EL2N AUROC", noiseAuroc, 0.97));
            double best = Math.max(noise.auroc().get("grand"), noise.auroc().get("loss"));
            goals.add(goal("G7 EL2N AUROC - best other (within 0.02)", noiseAuroc - best, -0.02));
        }

        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("load", loadSeconds);
        timings.put("scores", scoreSeconds);
        timings.put("cells", cellSeconds);
        timings.put("noise", noise == null ? 0 : noise.seconds());
        timings.put("total", loadSeconds + seconds(start));
        timings.put("msPerStep", trainSeconds * 1000 / trainSteps);
        return new Result(steps, n, test.size(), List.copyOf(cells), el2n50 - full, el2n50 - random50,
                offset30 - random30, offset30 - full, hardest30, easiest50, noisePrecision, noiseAuroc, rho01,
                rhoHalves, rhoGrand, noise, List.copyOf(goals), timings, s);
    }

    /** Top-1 accuracy of {@code net} on {@code x} (eval mode, chunks of {@code evalBatch}). */
    public static double accuracy(Dl4jNetwork net, INDArray x, int[] labels, int evalBatch) {
        int n = labels.length;
        int correct = 0;
        for (int from = 0; from < n; from += evalBatch) {
            int to = Math.min(n, from + evalBatch);
            INDArray chunk = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            INDArray out = net.output(chunk, false);
            int[] predicted = out.argMax(1).toIntVector();
            for (int i = 0; i < predicted.length; i++) if (predicted[i] == labels[from + i]) correct++;
            NativeMemory.release(chunk);
            NativeMemory.release(out);
        }
        return (double) correct / n;
    }

    private static Goal goal(String name, double value, double threshold) {
        return new Goal(name, value, threshold, value >= threshold);
    }

    private static double std(List<Double> values, double mean) {
        if (values.size() < 2) return 0;
        double s = 0;
        for (double v : values) s += (v - mean) * (v - mean);
        return Math.sqrt(s / (values.size() - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A plain-text table of the cells and goals. */
    public static String table(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Equal-steps pruning study: %d train, %d test, %d SGD steps per cell%n", r.trainSize(),
                r.testSize(), r.steps()));
        b.append(String.format("%-16s %6s  %-28s %7s %6s%n", "cell", "n", "test accuracy per seed (%)", "mean",
                "std"));
        for (Cell c : r.cells()) {
            b.append(String.format("%-16s %6d  %-28s %7.2f %6.2f%n", c.name(), c.trainSize(),
                    String.join(" ", c.accuracies().stream().map(a -> String.format("%.2f", a)).toList()),
                    c.mean(), c.std()));
        }
        if (r.noise() != null) {
            b.append(String.format("noise: %d shuffled, %d changed; precision@n_noisy %s; AUROC %s%n",
                    r.noise().shuffled(), r.noise().noisy(), fmt(r.noise().precisionAtNoisy()),
                    fmt(r.noise().auroc())));
        }
        b.append(String.format("EL2N stability: Spearman run0/run1 %s, halves %s, EL2N vs GraNd-LL %.4f%n",
                r.spearmanRun0Run1() == null ? "-" : String.format("%.4f", r.spearmanRun0Run1()),
                r.spearmanHalves() == null ? "-" : String.format("%.4f", r.spearmanHalves()),
                r.spearmanEl2nGrand()));
        for (Goal g : r.goals()) {
            b.append(String.format("%-44s %8.3f  (goal %s %.2f)  %s%n", g.name(), g.value(),
                    g.name().contains("< 0") ? "<" : ">=", g.threshold(), g.met() ? "met" : "MISSED"));
        }
        b.append("timings (s): ").append(fmt(r.timings())).append('\n');
        return b.toString();
    }

    private static String fmt(Map<String, Double> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + " " + String.format("%.3f", v)));
        return String.join(", ", parts);
    }
}
