package org.sparkharness.data.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.dataset.DatasetFingerprint;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.testing.RepoPaths;

/**
 * The full dataset, when fetched ({@code scripts/fetch-data fashion-mnist}, or {@code -Dfashion.mnist.dir=DIR});
 * skipped otherwise. Checks the published counts (docs/algorithms/data-pipeline.md §5: 6,000 / 1,000 per class) and
 * that the committed subset is exactly the head of the full files.
 */
class FashionMnistFullDataTest {

    private static Path dir;
    private static final java.util.Map<Split, LabeledImages> FULL = new java.util.EnumMap<>(Split.class);

    private static LabeledImages full(Split split) {
        return FULL.computeIfAbsent(split, s -> FashionMnist.load(dir.toString(), s));
    }

    @BeforeAll
    static void locate() {
        String configured = System.getProperty("fashion.mnist.dir");
        dir = configured != null ? Path.of(configured) : RepoPaths.root().resolve(FashionMnist.DEFAULT_DIR);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnistFiles.TRAIN_IMAGES)),
                "full Fashion-MNIST not in " + dir + ": run scripts/fetch-data fashion-mnist to enable this test");
    }

    @Test
    void fullSplitsHaveThePublishedCountsAndBalance() {
        for (Split split : Split.values()) {
            LabeledImages data = full(split);
            int perClass = split == Split.TRAIN ? 6_000 : 1_000;

            assertEquals(10 * perClass, data.size());
            int[] counts = new int[10];
            for (int label : data.labels()) {
                counts[label]++;
            }
            assertArrayEquals(IntStream.generate(() -> perClass).limit(10).toArray(), counts, split.label());
            assertTrue(data.features().minNumber().doubleValue() >= 0
                    && data.features().maxNumber().doubleValue() <= 1);
        }
    }

    @Test
    void verifyRecognisesTheOfficialRelease() {
        DatasetFingerprint fp = FashionMnist.verify(dir.toString());

        assertEquals(DatasetFingerprint.OFFICIAL, fp.kind(), fp.description());
        assertEquals(4, fp.sha256().size());
    }

    @Test
    void committedSubsetIsTheHeadOfTheFullFiles() {
        Path mini = RepoPaths.testdata("fashion-mnist-mini");
        for (Split split : Split.values()) {
            LabeledImages small = FashionMnist.load(mini.toString(), split);
            LabeledImages head = full(split).subset(IntStream.range(0, small.size()).toArray());

            assertArrayEquals(head.labels(), small.labels(), split.label());
            assertArrayEquals(head.ids(), small.ids(), split.label());
            assertEquals(head.features(), small.features(), split.label());
        }
    }
}
