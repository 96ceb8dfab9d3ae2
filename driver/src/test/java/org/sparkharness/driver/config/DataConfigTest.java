package org.sparkharness.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.optimizers.config.ConfigException;

/** The {@code data:} section: table keys, their defaults, and errors that name the field and what is allowed. */
class DataConfigTest {
    private static DataConfig parse(String data) {
        return ConfigLoader.parse("data: " + data, List.of()).data();
    }

    private static String error(String data) {
        return assertThrows(ConfigException.class, () -> parse(data)).getMessage();
    }

    @Test
    void theIssueShapeOfATableBindsWithItsDefaults() {
        DataConfig d = parse("""
                
                  source: table
                  format: parquet
                  train: hdfs:///data/train.parquet
                  test: hdfs:///data/test.parquet
                  validationFraction: null
                  labelCol: label
                  featuresCol: features
                  featureCols: null
                  idCol: null
                  options: {}
                  standardize: false
                  task: classification
                  batchSize: 64
                """);
        TableSpec s = d.tableSpec(7);
        assertEquals("parquet", s.format());
        assertEquals("hdfs:///data/test.parquet", s.test());
        assertEquals(0, s.validationFraction());
        assertEquals(TableSpec.OnBadRows.FAIL, s.onBadRows());
        assertEquals(7, s.seed());
        assertNull(s.classes());
    }

    @Test
    void withoutATestTableATenthIsHeldOut() {
        DataConfig d = parse("{ source: table, format: CSV, train: t.csv, options: { header: \"true\" } }");
        assertEquals(DataConfig.DEFAULT_VALIDATION_FRACTION, d.tableSpec(1).validationFraction());
        assertEquals("csv", d.format());
        assertEquals(Map.of("header", "true"), d.tableSpec(1).options());
    }

    @Test
    void fashionMnistStaysTheDefaultAndReadsAsTenClasses() {
        DataConfig d = DataConfig.defaults();
        assertEquals(DataConfig.Source.FASHION_MNIST, d.source());
        TableSpec s = d.tableSpec(3);
        assertEquals(10, s.classes());
        assertEquals("data/fashion-mnist", s.train());
    }

    @Test
    void invalidTableSettingsNameTheFieldAndWhatIsAllowed() {
        assertTrue(error("{ source: sql }").contains("data.source"));
        assertTrue(error("{ source: table, train: t }").contains("data.format"));
        String format = error("{ source: table, format: avro, train: t }");
        assertTrue(format.contains("data.format") && format.contains("[parquet, csv, libsvm, orc, json, image]"), format);
        assertTrue(error("{ source: table, format: csv }").contains("data.train"));
        assertTrue(error("{ source: table, format: csv, train: t, test: u, validationFraction: 0.2 }")
                .contains("data.validationFraction"));
        assertTrue(error("{ source: table, format: csv, train: t, validationFraction: 1.0 }").contains("> 0 and < 1"));
        assertTrue(error("{ source: table, format: csv, train: t, task: ranking }").contains("must be one of classification, regression"));
        assertTrue(error("{ task: regression }").contains("needs source: table"));
        assertTrue(error("{ source: table, format: csv, train: t, task: regression, classes: 3 }").contains("data.classes"));
        assertTrue(error("{ source: table, format: csv, train: t, task: regression, outputs: 0 }").contains("data.outputs"));
        assertTrue(error("{ source: table, format: csv, train: t, outputs: 2 }").contains("is for task: regression"));
        assertTrue(error("{ source: table, format: csv, train: t, onBadRows: drop }").contains("must be one of fail, skip"));
        assertTrue(error("{ source: table, format: csv, train: t, classes: 1 }").contains("data.classes"));
        assertTrue(error("{ source: table, format: csv, train: t, imageShape: [28, 28] }").contains("data.imageShape"));
        assertTrue(error("{ source: table, format: csv, train: t, featureCols: [] }").contains("data.featureCols"));
        assertTrue(error("{ source: table, format: csv, train: t, dir: d }").contains("data.dir"));
        assertTrue(error("{ format: csv }").contains("is for source: table"));
        assertTrue(error("{ source: table, format: csv, train: t, labelcol: y }").contains("labelcol"));
    }

    /** Closed choices are enums: read in any case (as the strings were), written back with their YAML names. */
    @Test
    void closedChoicesReadInAnyCaseAndAreWrittenWithTheirYamlNames() {
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: Table, format: csv, train: t, task: Regression, onBadRows: SKIP }
                ps: { engine: Jobs }
                federated: { strategy: { type: fedpara, init: Fan-In, weighting: Uniform } }
                """, List.of());
        assertEquals(DataConfig.Task.REGRESSION, c.data().task());
        assertEquals(TableSpec.OnBadRows.SKIP, c.data().tableSpec(1).onBadRows());
        assertEquals(PsConfig.Engine.JOBS, c.ps().engine());
        StrategyConfig.FedPara fp = (StrategyConfig.FedPara) c.federated().strategy();
        assertEquals(StrategyConfig.Init.FAN_IN, fp.init());
        assertEquals(StrategyConfig.Weighting.UNIFORM, fp.weighting());
        String yaml = ConfigLoader.toYaml(c);
        for (String line : List.of("source: table", "task: regression", "onBadRows: skip", "engine: jobs", "init: fan-in",
                "weighting: uniform")) {
            assertTrue(yaml.contains(line), line + " in\n" + yaml);
        }
        assertEquals(c, ConfigLoader.parse(yaml, List.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("ps: { engine: threads }", List.of()));
        assertEquals("ps.engine", e.path());
        assertTrue(e.getMessage().contains("must be one of jobs, persistent"), e.getMessage());
    }

    @Test
    void aRegressionTableCarriesItsTaskAndOutputsToTheDataPlane() {
        TableSpec s = parse("{ source: table, format: parquet, train: t, task: regression, outputs: 3 }").tableSpec(1);
        assertEquals(org.sparkharness.executors.model.Task.REGRESSION, s.task());
        assertEquals(3, s.outputs());
        assertEquals(org.sparkharness.executors.model.Task.CLASSIFICATION, parse("{ }").tableSpec(1).task());
    }

    @Test
    void methodsThatNeedClassesAreRefusedForRegressionBeforeSparkStarts() {
        String table = "data: { source: table, format: csv, train: t, task: regression }\n";
        String saf = assertThrows(ConfigException.class, () -> new org.sparkharness.driver.TrainJob(ConfigLoader.parse(
                table + "optimizer: { type: saf, base: { type: adamw } }", List.of()), l -> {})).getMessage();
        assertTrue(saf.contains("optimizer.type") && saf.contains("classification"), saf);
        String stop = assertThrows(ConfigException.class, () -> new org.sparkharness.driver.TrainJob(ConfigLoader.parse(
                table + "ps: { stopAtAccuracy: 0.9 }", List.of()), l -> {})).getMessage();
        assertTrue(stop.contains("ps.stopAtAccuracy") && stop.contains("ps.stopAtLoss"), stop);
        String fed = assertThrows(ConfigException.class, () -> new org.sparkharness.driver.federated.FederateJob(
                ConfigLoader.parse(table, List.of()), l -> {})).getMessage();
        assertTrue(fed.contains("data.task") && fed.contains("harness train"), fed);
    }

    @Test
    void anImageFolderCarriesItsSizeToTheDataPlaneAndTheModel() {
        DataConfig d = parse("{ source: table, format: IMAGE, train: hdfs:///shoes/train, imageSize: [32, 24, 3] }");
        assertTrue(d.isImageFolder());
        assertEquals(List.of(32, 24, 3), d.exampleShape());
        TableSpec s = d.tableSpec(9);
        assertEquals("image", s.format());
        assertEquals(new org.sparkharness.data.image.ImageSize(32, 24, 3), s.imageSize());
        assertEquals(DataConfig.DEFAULT_VALIDATION_FRACTION, s.validationFraction());
        assertNull(s.classes());
        assertNull(parse("{ source: table, format: csv, train: t }").tableSpec(1).imageSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[28, 28]", "[28, 28, 1, 1]", "[0, 28, 1]", "[28, -1, 1]", "[28, 28, 2]", "[28, 28, 4]",
            "[28, 28, 0]", "[28, null, 1]", "[]"})
    void anImageSizeMustBeThreePositiveWholeNumbersWithOneOrThreeChannels(String size) {
        String m = error("{ source: table, format: image, train: t, imageSize: " + size + " }");
        assertTrue(m.contains("data.imageSize") && m.contains("[height, width, channels]")
                && m.contains("channels 1 (grey) or 3 (RGB)"), m);
    }

    @Test
    void anImageFolderNeedsAnImageSize() {
        String m = error("{ source: table, format: image, train: t }");
        assertTrue(m.contains("data.imageSize") && m.contains("required with format: image"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"labelCol: y", "featuresCol: x", "featureCols: [a]", "idCol: id", "classes: 3",
            "imageShape: [28, 28, 1]", "options: { a: b }", "standardize: true", "task: regression"})
    void keysAnImageFolderDoesNotReadAreRefusedByName(String key) {
        String m = error("{ source: table, format: image, train: t, imageSize: [28, 28, 1], " + key + " }");
        assertTrue(m.contains("data." + key.substring(0, key.indexOf(':'))) && m.contains("format: image"), m);
    }

    @Test
    void anImageSizeIsOnlyForImageFolders() {
        assertTrue(error("{ source: table, format: csv, train: t, imageSize: [28, 28, 1] }").contains("data.imageSize"));
        assertTrue(error("{ imageSize: [28, 28, 1] }").contains("data.imageSize"));
    }

    @Test
    void aSavedImageFolderConfigReadsBackTheSame() {
        HarnessConfig c = ConfigLoader.parse("data: { source: table, format: image, train: t, test: u, "
                + "imageSize: [28, 28, 1], onBadRows: skip }", List.of());
        assertEquals(c.data(), ConfigLoader.parse(ConfigLoader.toYaml(c), List.of()).data());
    }

    @Test
    void aSavedConfigReadsBackTheSame() {
        HarnessConfig c = ConfigLoader.parse("data: { source: table, format: orc, train: t, imageShape: [2, 2, 1] }", List.of());
        assertEquals(c.data(), ConfigLoader.parse(ConfigLoader.toYaml(c), List.of()).data());
    }
}
