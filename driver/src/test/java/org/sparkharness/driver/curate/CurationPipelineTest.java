package org.sparkharness.driver.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's resume rules, with a stage that appends a line to a file (no Spark needed for the bookkeeping). */
class CurationPipelineTest {

    /** Writes {@code out.txt} = upstream text + its tag; optionally fails once. */
    static final class AppendStage implements CurationStage {
        final String tag;
        final List<String> ran;
        boolean failNext;

        AppendStage(String tag, List<String> ran) {
            this.tag = tag;
            this.ran = ran;
        }

        @Override public String type() { return "append"; }
        @Override public Needs needs() { return Needs.NONE; }
        @Override public Object settings() { return Map.of("tag", tag); }

        @Override
        public Object run(StageContext context, PipelineState in, String dir) {
            ran.add(tag);
            try {
                Path d = Path.of(java.net.URI.create(dir).getPath());
                Files.createDirectories(d);
                Files.writeString(d.resolve("partial.txt"), "x");
                if (failNext) {
                    failNext = false;
                    throw new IllegalStateException("killed mid-stage");
                }
                String upstream = in.docs() == null ? "" : Files.readString(Path.of(in.docs()));
                Files.writeString(d.resolve("out.txt"), upstream + tag);
                return Map.of("chars", upstream.length() + tag.length());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public PipelineState after(PipelineState in, String dir) {
            return in.withDocs(Path.of(java.net.URI.create(dir).getPath()).resolve("out.txt").toString());
        }

        @Override public String summarise(Object stats) { return String.valueOf(stats); }
    }

    private static CurationPipeline pipeline(String input, AppendStage... stages) {
        List<CurationPipeline.Step> steps = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) steps.add(new CurationPipeline.Step(i + 1, "s" + (i + 1), stages[i]));
        return new CurationPipeline(steps, input);
    }

    private static CurationPipeline.Result run(CurationPipeline p, Path root) {
        return p.run(new StageContext(null, () -> null, null, line -> { }), root.toUri().toString(), r -> { });
    }

    @Test
    void rerunReusesFinishedStagesAndChangedSettingsRerunFromThere(@TempDir Path root) throws Exception {
        List<String> ran = new ArrayList<>();
        CurationPipeline.Result first = run(pipeline("in", new AppendStage("a", ran), new AppendStage("b", ran),
                new AppendStage("c", ran)), root);
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals("abc", Files.readString(Path.of(first.end().docs())));
        assertTrue(first.stages().stream().noneMatch(CurationPipeline.StageRun::resumed));

        ran.clear();
        CurationPipeline.Result again = run(pipeline("in", new AppendStage("a", ran), new AppendStage("b", ran),
                new AppendStage("c", ran)), root);
        assertEquals(List.of(), ran, "nothing reruns when nothing changed");
        assertTrue(again.stages().stream().allMatch(CurationPipeline.StageRun::resumed));

        ran.clear();
        CurationPipeline.Result changed = run(pipeline("in", new AppendStage("a", ran), new AppendStage("B", ran),
                new AppendStage("c", ran)), root);
        assertEquals(List.of("B", "c"), ran, "a changed stage reruns, and so does everything after it");
        assertEquals("aBc", Files.readString(Path.of(changed.end().docs())));
    }

    @Test
    void changedInputRerunsEverything(@TempDir Path root) {
        List<String> ran = new ArrayList<>();
        run(pipeline("in-1", new AppendStage("a", ran), new AppendStage("b", ran)), root);
        ran.clear();
        run(pipeline("in-2", new AppendStage("a", ran), new AppendStage("b", ran)), root);
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void aStageKilledHalfwayLeavesNoMarkerAndRunsAgainFromScratch(@TempDir Path root) throws Exception {
        List<String> ran = new ArrayList<>();
        AppendStage b = new AppendStage("b", ran);
        b.failNext = true;
        assertThrows(IllegalStateException.class, () -> run(pipeline("in", new AppendStage("a", ran), b), root));
        Path bDir = root.resolve("stages/02-s2");
        assertTrue(Files.exists(bDir.resolve("partial.txt")));
        assertFalse(Files.exists(bDir.resolve(CurationPipeline.DONE)));

        ran.clear();
        CurationPipeline.Result r = run(pipeline("in", new AppendStage("a", ran), new AppendStage("b", ran)), root);
        assertEquals(List.of("b"), ran, "the finished stage is reused, the killed one reruns");
        assertTrue(Files.exists(bDir.resolve(CurationPipeline.DONE)));
        assertEquals("ab", Files.readString(Path.of(r.end().docs())));
    }

    @Test
    void fingerprintsChainThroughUpstreamStages() {
        List<String> ran = new ArrayList<>();
        List<String> one = pipeline("in", new AppendStage("a", ran), new AppendStage("b", ran)).fingerprints();
        List<String> two = pipeline("in", new AppendStage("x", ran), new AppendStage("b", ran)).fingerprints();
        assertNotEquals(one.get(1), two.get(1), "the same stage after a different one has a different fingerprint");
        assertEquals(one, pipeline("in", new AppendStage("a", ran), new AppendStage("b", ran)).fingerprints());
    }
}
