package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.image.ImageFolderWriter;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.RowProblem;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.TestData;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.RunDirectory;

/**
 * Training on image folders ({@code data.format: image}): the mini Fashion-MNIST written as PNGs,
 * {@code <root>/<class name>/<index>.png}, plus files that give no example (a damaged PNG, a text file, an empty
 * file, a PNG outside any class folder, a test class that training does not have). Expected values come from the IDX
 * pixels directly.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ImageFolderSparkIT {
    private static final int TRAIN = 600;
    private static final int TEST = 200;

    private static JavaSparkContext jsc;
    private static SparkSession spark;
    private static LabeledImages train;
    private static LabeledImages test;
    /** Only images. */
    private static Path clean;
    /** The same images plus one file per kind of problem. */
    private static Path dirty;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        jsc = org.sparkharness.driver.TestSpark.local("image-folder-test", 2);
        jsc.setLogLevel("ERROR");
        spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
        train = FashionMnist.load(TestData.miniFashionMnist(), Split.TRAIN);
        test = FashionMnist.load(TestData.miniFashionMnist(), Split.TEST);
        clean = tmp.resolve("clean images");
        dirty = tmp.resolve("dirty");
        for (Path root : List.of(clean, dirty)) {
            ImageFolderWriter.write(train, root.resolve("train").toString(), TRAIN, new Configuration());
            ImageFolderWriter.write(test, root.resolve("test").toString(), TEST, new Configuration());
        }
        Path t = dirty.resolve("train");
        byte[] png = Files.readAllBytes(t.resolve("Bag").resolve(firstOf(train, 8) + ".png"));
        Files.write(t.resolve("Bag").resolve("damaged.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(t.resolve("Coat").resolve("notes.txt"), "not an image\n", StandardCharsets.UTF_8);
        Files.write(t.resolve("Dress").resolve("empty.png"), new byte[0]);
        Files.write(t.resolve("stray.png"), png);
        Path unknown = Files.createDirectories(dirty.resolve("test").resolve("Hat"));
        Files.write(unknown.resolve("1.png"), png);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    /** The index of the first example of Fashion-MNIST class {@code label}. */
    private static long firstOf(LabeledImages images, int label) {
        for (int i = 0; i < images.size(); i++) if (images.label(i) == label) return images.id(i);
        throw new IllegalStateException("no class " + label);
    }

    static HarnessConfig config(Path root, String dataExtra, String name, int rounds) {
        return ConfigLoader.parse("""
                run: { name: %s, seed: 3, output: %s }
                data: { source: table, format: image, train: "%s", test: "%s", imageSize: [28, 28, 1], batchSize: 16 %s }
                model: { type: cnn }
                optimizer: { type: adamw, lr: 1.0e-3 }
                ps: { workers: 2, rounds: %d, evalEvery: %d, logEvery: 1000 }
                """.formatted(name, tmp.resolve("runs"), root.resolve("train"), root.resolve("test"), dataExtra,
                rounds, rounds), List.of());
    }

    /** Fashion-MNIST's folder names sorted: the image folder's class order. */
    static List<String> sortedNames() {
        return ImageFolderWriter.folderNames().stream().sorted().toList();
    }

    /** Level / 255 of every pixel of the first {@code n} examples. */
    static double[] pixels(LabeledImages images, int n) {
        float[] f = images.features().data().asFloat();
        double[] x = new double[n * FashionMnist.PIXELS];
        for (int i = 0; i < x.length; i++) x[i] = Math.round(f[i] * 255f) / 255.0;
        return x;
    }

    static double mean(double[] x) {
        return Arrays.stream(x).sum() / x.length;
    }

    static double std(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
    }

    @Test
    void aRunTrainsWithFallingLossSkipsAndCountsBadFilesAndWritesItsClasses() throws Exception {
        HarnessConfig c = config(dirty, ", onBadRows: skip", "skip", 40);
        List<String> log = new ArrayList<>();
        RunDirectory run = RunDirectory.create(c.run().output(), c.run().name());
        new TrainJob(c, log::add).run(jsc, run, false);

        Path dir = Path.of(run.root().toUri());
        ObjectMapper json = new ObjectMapper();
        JsonNode classes = json.readTree(dir.resolve("classes.json").toFile());
        assertEquals(sortedNames(), json.convertValue(classes, List.class));
        JsonNode data = json.readTree(dir.resolve("manifest.json").toFile()).get("data");
        assertEquals(10, data.get("classes").asInt());
        assertEquals(sortedNames(), json.convertValue(data.get("class_names"), List.class));
        assertEquals(784, data.get("features").asInt());

        // Bad files: counted per reason, left out.
        assertEquals(TRAIN + 4, data.at("/train/rows").asInt());
        assertEquals(TRAIN, data.at("/train/usable").asInt());
        assertEquals(Map.of("empty_file", 1, "not_an_image", 1, "corrupt_image", 1, "misplaced_file", 1),
                json.convertValue(data.at("/train/bad_rows"), Map.class));
        assertEquals(Map.of("unknown_class", 1), json.convertValue(data.at("/test/bad_rows"), Map.class));
        assertEquals(TEST, data.at("/test/usable").asInt());
        assertTrue(log.stream().anyMatch(l -> l.contains("skipped training:") && l.contains("(corrupt_image)")),
                String.join("\n", log));

        // Classes mapped by sorted folder name: the count per index is the count of that name's Fashion-MNIST class.
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < TRAIN; i++) {
            int index = sortedNames().indexOf(ImageFolderWriter.folderNames().get(train.label(i)));
            expected.merge(Integer.toString(index), 1, Integer::sum);
        }
        assertEquals(expected, json.convertValue(data.get("train_class_counts"), Map.class));

        // Per-channel statistics of the training images only.
        double[] trainPixels = pixels(train, TRAIN);
        double mean = data.at("/normalisation/mean/0").asDouble();
        double std = data.at("/normalisation/std/0").asDouble();
        assertEquals(mean(trainPixels), mean, 1e-9);
        assertEquals(std(trainPixels), std, 1e-9);
        double[] both = new double[trainPixels.length + TEST * FashionMnist.PIXELS];
        System.arraycopy(trainPixels, 0, both, 0, trainPixels.length);
        System.arraycopy(pixels(test, TEST), 0, both, trainPixels.length, TEST * FashionMnist.PIXELS);
        assertNotEquals(mean(both), mean, 1e-4, "the test images must not inform the statistics");

        // Falling loss: the last rounds' mean training loss well below the first rounds'.
        List<Double> loss = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) loss.add(json.readTree(line).get("loss").asDouble());
        assertEquals(40, loss.size());
        double first = loss.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = loss.subList(35, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last + ": " + loss);
        assertTrue(Files.exists(dir.resolve("model.zip")));
    }

    @Test
    void failStopsBeforeTrainingWithCountsPerReasonAndExamplePaths() {
        HarnessConfig c = config(dirty, "", "fail", 1);
        String m = assertThrows(TableDataException.class, () -> new TrainJob(c, l -> {}).prepare(jsc)).getMessage();
        for (String part : List.of("1 where the file is empty (empty_file)", "(not_an_image)", "(corrupt_image)",
                "(misplaced_file)", "damaged.png", "notes.txt", "stray.png", "data.onBadRows: skip")) {
            assertTrue(m.contains(part), "'" + part + "' not in: " + m);
        }
    }

    @Test
    void aTestClassThatTrainingLacksFailsTheRunUnderFail() {
        HarnessConfig c = ConfigLoader.parse("""
                run: { seed: 3, output: %s }
                data: { source: table, format: image, train: "%s", test: "%s", imageSize: [28, 28, 1] }
                ps: { workers: 2 }
                """.formatted(tmp.resolve("runs"), clean.resolve("train"), dirty.resolve("test")), List.of());
        String m = assertThrows(TableDataException.class, () -> new TrainJob(c, l -> {}).prepare(jsc)).getMessage();
        assertTrue(m.contains("test table") && m.contains("(unknown_class)") && m.contains("Hat/1.png"), m);
    }

    /** Rows as TrainingTable reads them: id → [label, test, problem] and the file name by id. */
    static Map<Long, Row> rows(Path trainRoot, List<Integer> size) {
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: table, format: image, train: "%s", imageSize: %s, onBadRows: skip }
                """.formatted(trainRoot, size), List.of());
        TrainingTable.Source s = TrainingTable.read(spark, c.data().tableSpec(c.run().seed()), null, l -> {});
        Map<Long, Row> out = new HashMap<>();
        for (Row r : s.rows().select(ExampleTables.ID, ExampleTables.LABEL, ExampleTables.TEST, ExampleTables.PROBLEM,
                ExampleTables.FILE, ExampleTables.WIDTH).collectAsList()) {
            out.put(r.getLong(0), r);
        }
        return out;
    }

    @Test
    void idsHashTheRelativePathSoACopyElsewhereGetsTheSameIdsLabelsAndHeldOutSplit() throws IOException {
        Path copy = tmp.resolve("copy").resolve("train");
        ImageFolderWriter.write(train, copy.toString(), TRAIN, new Configuration());
        Map<Long, Row> a = rows(clean.resolve("train"), List.of(28, 28, 1));
        Map<Long, Row> b = rows(copy, List.of(28, 28, 1));

        assertEquals(TRAIN, a.size(), "one distinct id per file");
        assertEquals(a.keySet(), b.keySet());
        long heldOut = 0;
        for (Map.Entry<Long, Row> e : a.entrySet()) {
            Row x = e.getValue();
            Row y = b.get(e.getKey());
            assertEquals(x.getDouble(1), y.getDouble(1));
            assertEquals(x.getBoolean(2), y.getBoolean(2));
            assertEquals(RowProblem.NONE.code(), x.getInt(3));
            // The label is the sorted index of the file's class folder.
            String[] parts = x.getString(4).split("/");
            assertEquals(sortedNames().indexOf(parts[parts.length - 2]), (int) x.getDouble(1), x.getString(4));
            if (x.getBoolean(2)) heldOut++;
        }
        assertTrue(heldOut > 0.05 * TRAIN && heldOut < 0.15 * TRAIN, "held out " + heldOut + " of " + TRAIN);
    }

    @Test
    void rgbAtAnotherSizeGivesThreeNormalisedChannelsFromTheTrainingRows() {
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: table, format: image, train: "%s", test: "%s", imageSize: [16, 20, 3] }
                """.formatted(clean.resolve("train"), clean.resolve("test")), List.of());
        TrainingTable.Source s = TrainingTable.read(spark, c.data().tableSpec(1), null, l -> {});
        TrainingTable.Checked checked = TrainingTable.check(s, c.data().tableSpec(1), 2, l -> {});

        assertEquals(16 * 20 * 3, checked.width());
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) checked.description().get("normalisation");
        double[] mean = (double[]) n.get("mean");
        assertEquals(3, mean.length);
        // Grey images in RGB: every channel the same.
        assertEquals(mean[0], mean[1], 1e-12);
        assertEquals(mean[0], mean[2], 1e-12);
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (Row r : checked.train().select(ExampleTables.FEATURES).collectAsList()) {
            for (double v : ((Vector) r.get(0)).toArray()) {
                sum += v;
                squares += v * v;
                count++;
            }
        }
        assertEquals(TRAIN * 16L * 20 * 3, count);
        assertEquals(0, sum / count, 1e-9);
        assertEquals(1, squares / count, 1e-9);
    }
}
