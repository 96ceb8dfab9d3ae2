package org.sparkharness.data.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.dataset.DatasetCorruptException;
import org.sparkharness.data.dataset.DatasetFingerprint;
import org.sparkharness.data.dataset.DatasetUnavailableException;
import org.sparkharness.data.dataset.Sha256Sums;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.idx.IdxArray;
import org.sparkharness.data.idx.IdxReader;
import org.sparkharness.data.idx.IdxWriter;
import org.sparkharness.data.testing.RepoPaths;

/** {@link FashionMnist} on the committed real subset {@code testdata/fashion-mnist-mini} and on damaged copies. */
class FashionMnistTest {

    private static Path mini;
    private static LabeledImages train;

    @BeforeAll
    static void loadMiniTrain() {
        mini = RepoPaths.testdata("fashion-mnist-mini");
        train = FashionMnist.load(mini.toString(), Split.TRAIN);
    }

    @Test
    void loadsTheMiniTrainSplit() {
        assertEquals(1000, train.size());
        assertEquals(10, train.numClasses());
        assertArrayEquals(new long[] {1000, 784}, train.features().shape());
        assertEquals(DataType.FLOAT, train.features().dataType());
        assertEquals(0.0, train.features().minNumber().doubleValue());
        assertEquals(1.0, train.features().maxNumber().doubleValue(), "some pixel is 255");
        assertArrayEquals(LongStream.range(0, 1000).toArray(), train.ids());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, Arrays.copyOf(train.labels(), 5),
                "first training labels of Fashion-MNIST: ankle boot, T-shirt, T-shirt, dress, T-shirt");
        int[] perClass = new int[10];
        for (int label : train.labels()) {
            perClass[label]++;
        }
        assertArrayEquals(new int[] {107, 104, 86, 92, 95, 100, 100, 115, 102, 99}, perClass);
    }

    @Test
    void loadsTheMiniTestSplit() {
        LabeledImages test = FashionMnist.load(mini.toString(), Split.TEST);

        assertEquals(500, test.size());
        assertArrayEquals(new long[] {500, 784}, test.features().shape());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6}, Arrays.copyOf(test.labels(), 5));
        assertTrue(Arrays.stream(test.labels()).allMatch(l -> l >= 0 && l < 10));
        assertTrue(test.features().minNumber().doubleValue() >= 0 && test.features().maxNumber().doubleValue() <= 1);
    }

    @Test
    void pixelsArePixelOver255InFileOrder() throws IOException {
        IdxArray raw = IdxReader.read(Files.readAllBytes(mini.resolve("train-images-idx3-ubyte.gz")), "raw");
        float[] expected = new float[784];
        int row = 999;
        for (int i = 0; i < 784; i++) {
            expected[i] = raw.unsigned(row * 784 + i) / 255f;
        }
        assertArrayEquals(expected, train.features().getRow(row).toFloatVector());
    }

    @Test
    void acceptsFileUrisAndRelativePaths() {
        String relative = Path.of(System.getProperty("user.dir")).toAbsolutePath().relativize(mini).toString();

        assertEquals(train, FashionMnist.load(mini.toUri().toString(), Split.TRAIN));
        assertEquals(train, FashionMnist.load(relative, Split.TRAIN));
    }

    @Test
    void loadAllGivesWhatLoadAndVerifyGiveSeparately() {
        FashionMnist.Loaded all = FashionMnist.loadAll(mini.toString());
        assertEquals(train, all.train());
        assertEquals(FashionMnist.load(mini.toString(), Split.TEST), all.test());
        assertEquals(FashionMnist.verify(mini.toString()), all.fingerprint());
    }

    @Test
    void verifyRecognisesTheCommittedSubsetAndItsSums() throws IOException {
        DatasetFingerprint fp = FashionMnist.verify(mini.toString());

        Map<String, String> sums = Sha256Sums.parse(Files.readAllBytes(mini.resolve("SHA256SUMS")), "SHA256SUMS");
        assertEquals(DatasetFingerprint.SUBSET, fp.kind());
        assertTrue(fp.description().contains("fashion-mnist-mini"), fp.description());
        assertTrue(fp.sumsChecked());
        assertEquals(sums, fp.sha256());
        assertEquals(FashionMnistFiles.MINI_GZ_SHA256, fp.sha256(), "pinned sums agree with the committed files");
        assertEquals("Fashion-MNIST", fp.dataset());
    }

    @Test
    void oneHotLabelsMatchLabels() {
        INDArray oneHot = train.oneHotLabels();

        assertArrayEquals(new long[] {1000, 10}, oneHot.shape());
        assertEquals(DataType.FLOAT, oneHot.dataType());
        assertEquals(1000.0, oneHot.sumNumber().doubleValue());
        assertArrayEquals(train.labels(), oneHot.argMax(1).toIntVector());
    }

    @Test
    void subsetKeepsOriginalIdsAndRows() {
        int[] rows = {5, 2, 999, 5};

        LabeledImages sub = train.subset(rows);

        assertEquals(4, sub.size());
        assertArrayEquals(new long[] {5, 2, 999, 5}, sub.ids());
        assertArrayEquals(new int[] {train.label(5), train.label(2), train.label(999), train.label(5)}, sub.labels());
        assertEquals(train.features().getRow(999), sub.features().getRow(2));
        LabeledImages subOfSub = sub.subset(new int[] {2});
        assertArrayEquals(new long[] {999}, subOfSub.ids());
        assertArrayEquals(new long[] {1, 784}, subOfSub.features().shape());
        assertEquals(0, train.subset(new int[0]).size());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> train.subset(new int[] {0, 1000}));
        assertTrue(e.getMessage().contains("1000 at position 1"), e.getMessage());
    }

    @Test
    void missingDirectoryTellsHowToFetch(@TempDir Path tmp) {
        Path absent = tmp.resolve("no-such-dir");

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> FashionMnist.load(absent.toString(), Split.TRAIN));

        String m = e.getMessage();
        assertTrue(m.contains("scripts/fetch-data fashion-mnist"), m);
        assertTrue(m.contains("--dest DIR"), m);
        assertTrue(m.contains("data.dir"), m);
        assertTrue(m.contains(absent.toString()) && m.contains("does not exist"), m);
        assertEquals(java.util.List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), e.missing());
    }

    @Test
    void missingFileIsNamed(@TempDir Path tmp) throws IOException {
        copyMini(tmp);
        Files.delete(tmp.resolve("t10k-labels-idx1-ubyte.gz"));

        assertEquals(1000, FashionMnist.load(tmp.toString(), Split.TRAIN).size(), "the train split is intact");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte.gz in " + tmp), e.getMessage());
        assertThrows(DatasetUnavailableException.class, () -> FashionMnist.verify(tmp.toString()));
    }

    @Test
    void flippedByteFailsTheChecksumAndNamesTheFile(@TempDir Path tmp) throws IOException {
        copyMini(tmp);
        flipByte(tmp.resolve("train-labels-idx1-ubyte.gz"), 100);

        DatasetCorruptException e = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TRAIN));

        String m = e.getMessage();
        assertTrue(m.contains("train-labels-idx1-ubyte.gz is corrupt"), m);
        assertTrue(m.contains("SHA256SUMS in the same directory expects "
                + FashionMnistFiles.MINI_GZ_SHA256.get("train-labels-idx1-ubyte.gz")), m);
        assertTrue(m.contains("git checkout -- testdata/fashion-mnist-mini"), "the subset is restored from git: " + m);
        assertEquals(500, FashionMnist.load(tmp.toString(), Split.TEST).size(), "the test split is intact");
        assertThrows(DatasetCorruptException.class, () -> FashionMnist.verify(tmp.toString()));
    }

    @Test
    void flippedByteWithoutSumsFailsInTheParserAndSuggestsFetchData(@TempDir Path tmp) throws IOException {
        copyMini(tmp);
        Files.delete(tmp.resolve("SHA256SUMS"));
        flipByte(tmp.resolve("train-images-idx3-ubyte.gz"), 200_000);

        DatasetCorruptException e = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TRAIN));

        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte.gz is corrupt: "), m);
        assertTrue(m.contains("gzip"), m);
        assertTrue(m.contains("scripts/fetch-data fashion-mnist --dest " + tmp), m);
    }

    @Test
    void acceptsDecompressedFilesAndClassifiesThemByContent(@TempDir Path tmp) throws IOException {
        for (String name : FashionMnistFiles.ALL) {
            IdxArray a = IdxReader.read(Files.readAllBytes(mini.resolve(name)), name);
            Files.write(tmp.resolve(FashionMnistFiles.uncompressedName(name)), IdxWriter.toBytes(a, false));
        }

        assertEquals(train, FashionMnist.load(tmp.toString(), Split.TRAIN));
        DatasetFingerprint fp = FashionMnist.verify(tmp.toString());
        assertEquals(DatasetFingerprint.SUBSET, fp.kind());
        assertFalse(fp.sumsChecked());
        assertTrue(fp.sha256().containsKey("train-images-idx3-ubyte"), fp.sha256().toString());
    }

    @Test
    void unknownContentIsClassifiedUnknown(@TempDir Path tmp) throws IOException {
        writeTestSplit(tmp, 2, new byte[] {1, 2});
        writeTrainSplit(tmp);

        DatasetFingerprint fp = FashionMnist.verify(tmp.toString());

        assertEquals(DatasetFingerprint.UNKNOWN, fp.kind());
        assertEquals(4, fp.sha256().size());
    }

    @Test
    void inconsistentCountsAndLabelsAreNamed(@TempDir Path tmp) throws IOException {
        writeTestSplit(tmp, 3, new byte[] {1, 2});
        DatasetCorruptException counts = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(counts.getMessage().contains("t10k-labels-idx1-ubyte.gz is corrupt: it holds 2 labels but "
                + "t10k-images-idx3-ubyte.gz holds 3 images"), counts.getMessage());

        writeTestSplit(tmp, 2, new byte[] {1, 10});
        DatasetCorruptException range = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(range.getMessage().contains("label 10 at index 1 is outside 0..9"), range.getMessage());
    }

    @Test
    void swappedOrMisshapenFilesAreNamed(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte.gz"), IdxWriter.toBytes(IdxArray.labels(new byte[2]), true));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.toBytes(IdxArray.labels(new byte[2]), true));
        DatasetCorruptException e = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz is corrupt: expected images of 28×28 pixels"),
                e.getMessage());

        Files.write(tmp.resolve("t10k-images-idx3-ubyte.gz"),
                IdxWriter.toBytes(IdxArray.images(2, 32, 32, new byte[2 * 32 * 32]), true));
        e = assertThrows(DatasetCorruptException.class, () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(e.getMessage().contains("dimensions 2×32×32"), e.getMessage());
    }

    @Test
    void truncatedFileIsReportedWithExpectedAndFoundSizes(@TempDir Path tmp) throws IOException {
        byte[] full = IdxWriter.toBytes(IdxArray.images(2, 28, 28, new byte[2 * 784]), false);
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(full, 16 + 1000));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.toBytes(IdxArray.labels(new byte[2]), true));

        DatasetCorruptException e = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte is corrupt: truncated: header says 2×28×28 = "
                + "1568 bytes, found 1000"), e.getMessage());
    }

    @Test
    void malformedSumsFileIsNamed(@TempDir Path tmp) throws IOException {
        copyMini(tmp);
        Files.writeString(tmp.resolve("SHA256SUMS"), "not a checksum line\n", StandardCharsets.UTF_8);

        DatasetCorruptException e = assertThrows(DatasetCorruptException.class,
                () -> FashionMnist.load(tmp.toString(), Split.TEST));
        assertTrue(e.getMessage().contains("SHA256SUMS is corrupt") && e.getMessage().contains("line 1"),
                e.getMessage());
    }

    private static void copyMini(Path dest) throws IOException {
        try (var files = Files.list(mini)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dest.resolve(f.getFileName()));
            }
        }
    }

    private static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.min(offset, bytes.length - 10)] ^= 0x5A;
        Files.write(file, bytes);
    }

    private static void writeTestSplit(Path dir, int images, byte[] labels) throws IOException {
        byte[] pixels = new byte[images * 784];
        Arrays.fill(pixels, (byte) 200);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxWriter.toBytes(IdxArray.images(images, 28, 28,
                pixels), true));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.toBytes(IdxArray.labels(labels), true));
    }

    private static void writeTrainSplit(Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxWriter.toBytes(IdxArray.images(1, 28, 28,
                new byte[784]), true));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxWriter.toBytes(IdxArray.labels(new byte[1]),
                true));
    }
}
