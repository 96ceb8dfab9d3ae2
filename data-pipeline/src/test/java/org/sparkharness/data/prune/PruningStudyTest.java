package org.sparkharness.data.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.testing.RepoPaths;

/** The study's plumbing on the committed mini set with tiny settings (the figures come from PruningStudyMain). */
class PruningStudyTest {
    @Test
    void everyCellTrainsTheFullRunsStepsAndTheDerivedFiguresFollowFromTheCells() {
        String mini = RepoPaths.testdata("fashion-mnist-mini").toString();
        LabeledImages train = FashionMnist.load(mini, Split.TRAIN);
        LabeledImages test = FashionMnist.load(mini, Split.TEST);
        PruningStudy.Settings s = new PruningStudy.Settings(null, List.of(5L, 6L), 2, 1, null, 2, 64, null, null,
                null, null, null, null, 0.1, 3L, null);
        List<String> progress = new ArrayList<>();
        PruningStudy.Result r = PruningStudy.run(train, test, s, progress::add);

        assertEquals(2 * 16, r.steps(), "2 epochs of ceil(1000 / 64)");
        assertEquals(List.of("full", "el2n_hardest_50", "random_50", "el2n_offset_30", "random_30",
                "el2n_hardest_30", "el2n_easiest_50"), r.cells().stream().map(PruningStudy.Cell::name).toList());
        assertEquals(1000, r.cell("full").trainSize());
        assertEquals(500, r.cell("el2n_hardest_50").trainSize());
        assertEquals(300, r.cell("el2n_offset_30").trainSize());
        assertEquals(20.0 / 1000, r.cell("el2n_offset_30").rule().offset(), "skip the top 2 %");
        for (PruningStudy.Cell c : r.cells()) {
            assertEquals(2, c.accuracies().size());
            for (double a : c.accuracies()) assertTrue(a > 10 && a <= 100, c.name() + " " + a);
        }
        assertTrue(r.cell("full").mean() > 60, "two epochs on 1,000 images already learn: " + r.cell("full"));
        assertEquals(r.cell("el2n_hardest_50").mean() - r.cell("full").mean(), r.el2n50MinusFullPp(), 1e-12);
        assertEquals(r.cell("el2n_offset_30").mean() - r.cell("random_30").mean(), r.offset30MinusRandomPp(), 1e-12);
        assertNotNull(r.noise());
        assertEquals(100, r.noise().shuffled());
        assertTrue(r.noise().noisy() > 50 && r.noise().noisy() <= 100);
        assertEquals(r.noise().auroc().get("el2n"), r.noiseAuroc());
        assertTrue(r.noiseAuroc() > 0.5, "noisy labels rank above clean ones: " + r.noise());
        assertTrue(r.spearmanRun0Run1() > 0.3);
        assertTrue(PruningStudy.table(r).contains("el2n_offset_30"));
        assertTrue(progress.size() >= 7 + 2 + 2);
    }
}
