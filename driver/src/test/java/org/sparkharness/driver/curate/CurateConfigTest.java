package org.sparkharness.driver.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.optimizers.config.ConfigException;

/** Binding and validation of curation pipelines: every error names the field, before Spark starts. */
class CurateConfigTest {
    private static final String TEXT = "input: {text: [{format: jargon, path: testdata/text-mini/jargon.txt.gz}]}\n";
    private static final String IMAGES = "input: {images: {dir: testdata/fashion-mnist-mini}}\n";

    private static CurateJob plan(String yaml, String... overrides) {
        return CurateJob.plan(ConfigLoader.parse(yaml, List.of(overrides), CurateConfig.class));
    }

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> plan(yaml));
    }

    @Test
    void everyShippedExamplePlans() throws Exception {
        Path examples = Path.of(System.getProperty("harness.root", "..")).resolve("examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("curate-")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "examples/curate-*.yaml: " + files);
        for (Path f : files) {
            CurateJob job = CurateJob.plan(ConfigLoader.load(f, List.of(), CurateConfig.class));
            assertTrue(job.steps().size() >= 2, f + ": " + job.describe());
        }
    }

    @Test
    void textPipelineStartsWithTheReaderAndKeepsStageOrder() {
        CurateJob job = plan(TEXT + "stages: [{type: dedup}, {type: filter, name: q}, {type: dedup, name: near, method: near}]");
        assertEquals("read -> dedup -> q (filter) -> near (dedup)", job.describe());
        assertInstanceOf(ReadTextStage.class, job.steps().get(0).stage());
        assertEquals("03-near", job.steps().get(3).folder());
        assertTrue(job.resolvedYaml().contains("jaccardThreshold: 0.8"), "defaults are filled in config.yaml");
        assertTrue(job.resolvedYaml().contains("format: jargon"), "the input is kept in config.yaml");
    }

    @Test
    void stagesNeedWhatTheyRead() {
        assertTrue(error(IMAGES + "stages: [{type: prune, keep: 0.5}]").getMessage().contains("put a score stage before it"));
        assertTrue(error(IMAGES + "stages: [{type: filter}]").getMessage().contains("needs input.text"));
        assertTrue(error(TEXT + "stages: [{type: score}]").getMessage().contains("needs input.images"));
        plan(IMAGES + "stages: [{type: score}, {type: prune, keep: 0.3}, {type: noise}]");
        ConfigException auto = error(IMAGES + "stages: [{type: score}, {type: noise, flag: auto}]");
        assertEquals("stages[1].flag", auto.path());
        plan(IMAGES + "stages: [{type: score, labelNoise: 0.1}, {type: noise, flag: auto}]");
    }

    @Test
    void errorsNameTheStageField() {
        ConfigException e = error(IMAGES + "stages: [{type: score}, {type: prune, keep: 1.5}]");
        assertEquals("stages[1].keep", e.path());
        e = error(TEXT + "stages: [{type: filter, gopherQuality: {minWords: x}}]");
        assertTrue(e.path().startsWith("stages[0].gopherQuality"), e.getMessage());
        e = error(TEXT + "stages: [{type: dedupe}]");
        assertEquals("stages[0].type", e.path());
        assertTrue(e.getMessage().contains("[score, prune, noise, filter, dedup]"), e.getMessage());
        assertEquals("stages[0].method", error(TEXT + "stages: [{type: dedup, method: fuzzy}]").path());
        assertEquals("stages[1].name", error(TEXT + "stages: [{type: filter}, {type: filter}]").path());
        assertEquals("stages[0].type", error(TEXT + "stages: [{name: x}]").path());
    }

    @Test
    void inputMustBeTextOrImages() {
        assertTrue(error("stages: [{type: filter}]").getMessage().contains("input"));
        assertTrue(error("input: {images: {}, text: [{format: jargon, path: x}]}\nstages: [{type: filter}]").getMessage()
                .contains("exactly one"));
        assertTrue(error(TEXT + "stages: []").getMessage().contains("at least one stage"));
        assertTrue(error("input: {text: [{format: pdf, path: x}]}\nstages: [{type: filter}]").getMessage().contains("pdf"));
    }

    @Test
    void aTableImageInputTakesTheDataSectionsKeysAndRules() {
        String table = "input: {images: {source: table, format: parquet, train: hdfs:///t, idCol: id, limit: 100}}\n"
                + "stages: [{type: score}]";
        assertTrue(plan(table).resolvedYaml().contains("hdfs:///t"), "the table keys reach config.yaml");
        ImagesInput in = ConfigLoader.parse(table, List.of(), CurateConfig.class).input().images();
        assertTrue(in.isTable());
        var spec = in.tableSpec(4);
        assertEquals("hdfs:///t", spec.train());
        assertEquals(null, spec.test());
        assertEquals(0, spec.validationFraction(), "every row is scored: nothing is held out");
        assertEquals(100, spec.trainLimit());
        assertEquals("label", spec.labelCol());
        assertEquals("input.images.format", error("input: {images: {source: table, train: t}}\nstages: [{type: score}]")
                .path());
        assertEquals("input.images.train", error("input: {images: {source: table, format: csv}}\nstages: [{type: score}]")
                .path());
        assertEquals("input.images.format", error("input: {images: {format: csv}}\nstages: [{type: score}]").path());
        assertEquals("input.images.labelCol", error("input: {images: {labelCol: y}}\nstages: [{type: score}]").path());
    }

    @Test
    void overridesReachListElements() {
        CurateJob a = plan(IMAGES + "stages: [{type: score}, {type: prune, keep: 0.5}]");
        CurateJob b = plan(IMAGES + "stages: [{type: score}, {type: prune, keep: 0.5}]", "stages.1.keep=0.3");
        assertTrue(b.resolvedYaml().contains("keep: 0.3"), b.resolvedYaml());
        assertNotEquals(a.resolvedYaml(), b.resolvedYaml());
        assertThrows(ConfigException.class, () -> plan(IMAGES + "stages: [{type: score}]", "stages.4.keep=0.3"));
    }

    /** A stage's type() names its step in folders, fingerprints and reports: it must be its registered YAML name. */
    @Test
    void everyRegisteredStageTypeBuildsAStageOfThatType() {
        assertEquals(List.of("score", "prune", "noise", "filter", "dedup"), Stages.TYPES);
        for (String type : Stages.TYPES) {
            String settings = type.equals("prune") ? ", keep: 0.5" : "";
            assertEquals(type, stageConfig("{type: " + type + settings + "}").build().type());
        }
        StageConfig.Dedup near = (StageConfig.Dedup) stageConfig("{type: dedup, method: near}");
        assertInstanceOf(StageConfig.NearDedup.class, near.method());
        assertInstanceOf(StageConfig.ExactDedup.class, ((StageConfig.Dedup) stageConfig("{type: dedup}")).method());
        ConfigException e = error(TEXT + "stages: [{type: dedup, method: fuzzy}]");
        assertTrue(e.getMessage().contains("[exact, near]"), e.getMessage());
    }

    private static StageConfig stageConfig(String yaml) {
        return ConfigLoader.bind(ConfigLoader.parse(yaml, List.of(), ObjectNode.class), StageConfig.class, "stages[0]");
    }
}
