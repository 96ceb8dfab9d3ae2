package org.sparkharness.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.driver.TrainJob;
import org.sparkharness.driver.config.ConfigLoader;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Tables that cannot be trained on as they are: each gets one message before training that names the file or column
 * and what was expected; with {@code onBadRows: skip} the rows left out are counted per reason in manifest.json.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TableBadInputSparkIT {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("label", DataTypes.DoubleType)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("name", DataTypes.StringType);

    private static JavaSparkContext jsc;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jsc = org.sparkharness.driver.TestSpark.local("table-bad-input-test", 2);
        jsc.setLogLevel("ERROR");
        spark = SparkSession.builder().config(jsc.getConf()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (jsc != null) jsc.close();
    }

    /** Good rows: ids from {@code firstId}, labels 0/1, four features. */
    static List<Row> good(int n, long firstId) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double s = i % 2 == 0 ? 1 : -1;
            rows.add(RowFactory.create(firstId + i, (double) (i % 2), new double[] {s, 0.5 * s, i * 0.01, -s}, "row" + i));
        }
        return rows;
    }

    static Row row(long id, Double label, double[] features) {
        return RowFactory.create(id, label, features, "bad");
    }

    /** Writes {@code rows} as a Parquet table and returns its folder. */
    static String table(String name, List<Row> rows) {
        Path dir = tmp.resolve(name);
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toString());
        return dir.toString();
    }

    static List<Row> plus(List<Row> rows, Row... extra) {
        List<Row> all = new ArrayList<>(rows);
        all.addAll(List.of(extra));
        return all;
    }

    static HarnessConfig config(String train, String test, String dataExtra, int workers) {
        return ConfigLoader.parse("""
                run: { seed: 1, output: %s }
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id, batchSize: 8 %s }
                model: { type: mlp, hidden: [8] }
                ps: { workers: %d, rounds: 5, evalEvery: 5, logEvery: 1000 }
                """.formatted(tmp.resolve("runs"), train, test, dataExtra, workers), List.of());
    }

    static String fails(HarnessConfig c) {
        TableDataException e = assertThrows(TableDataException.class, () -> new TrainJob(c, line -> {}).prepare(jsc));
        return e.getMessage();
    }

    static void assertContains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' not in: " + message);
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        String t = table("missing-col", good(20, 0));
        String m = fails(config(t, table("missing-col-test", good(6, 100)), ", labelCol: target", 2));
        assertContains(m, "no column 'target'", "data.labelCol", t, "id, label, features, name");
    }

    @Test
    void aNonNumericFeatureColumnIsRefused() {
        String t = table("text-feature", good(20, 0));
        String m = fails(config(t, table("text-feature-test", good(6, 100)), ", featureCols: [id, name]", 2));
        assertContains(m, "'name'", "string", "expected a number");
    }

    @Test
    void aCsvColumnOfTextGetsTheInferSchemaHint() throws Exception {
        Path csv = tmp.resolve("text.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n");
        HarnessConfig c = ConfigLoader.parse("""
                data: { source: table, format: csv, train: %s, options: { header: "true" } }
                """.formatted(csv), List.of());
        assertContains(fails(c), "column 'label' (data.labelCol) is string", "inferSchema: true");
        HarnessConfig inferred = ConfigLoader.parse("""
                data: { source: table, format: csv, train: %s, options: { header: "true", inferSchema: "true" } }
                """.formatted(csv), List.of());
        Files.writeString(csv, "a,b,label\n1,x,0\n3,4,1\n");
        assertContains(fails(inferred), "column 'b' is string", "not a number", "inferSchema: true", "data.featureCols");
    }

    @Test
    void raggedArraysFailWithTheFileAndIdOfAnExample() {
        String t = table("ragged", plus(good(20, 0), row(77, 1.0, new double[] {1, 2, 3})));
        String m = fails(config(t, table("ragged-test", good(6, 100)), "", 2));
        assertContains(m, "training table " + t, "1 where the row has another number of features", "(ragged)",
                "id 77: 3 features", ".parquet", "data.onBadRows: skip");
    }

    @Test
    void nanAndInfiniteFeaturesFail() {
        String t = table("nan", plus(good(20, 0), row(50, 0.0, new double[] {1, Double.NaN, 0, 0}),
                row(51, 1.0, new double[] {1, 0, Double.POSITIVE_INFINITY, 0})));
        assertContains(fails(config(t, table("nan-test", good(6, 100)), "", 2)), "2 where a feature is missing, NaN or infinite");
    }

    @Test
    void labelsOutsideTheClassesFail() {
        String t = table("labels", plus(good(20, 0), row(60, 2.0, new double[] {1, 0, 0, 0}), row(61, 0.5, new double[] {1, 0, 0, 0})));
        String test = table("labels-test", good(6, 100));
        assertContains(fails(config(t, test, ", classes: 2", 2)), "2 where the label is not a whole number from 0 to classes - 1");
        String negative = table("negative", plus(good(20, 0), row(62, -1.0, new double[] {1, 0, 0, 0})));
        assertContains(fails(config(negative, test, "", 2)), "1 where the label is not a whole number", "(label_not_a_class)");
    }

    @Test
    void aLabelColumnThatIsNotAClassIndexIsNamedNotCounted() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) rows.add(RowFactory.create((long) i, 1000.0 * i, new double[] {i, 1, 2, 3}, "x"));
        String t = table("id-like-labels", rows);
        assertContains(fails(config(t, table("id-like-labels-test", good(6, 100)), "", 2)),
                "the largest label is 29000", "29001 classes", "data.labelCol 'label'", "data.classes");
        String signed = table("signed", plus(good(20, 0), row(70, -1.0, new double[] {1, 0, 0, 0})));
        assertContains(fails(config(signed, table("signed-test", good(6, 100)), "", 2)), "-1/+1 or 1..K");
    }

    @Test
    void aMissingIdOrLabelIsABadRow() {
        String t = table("nulls", plus(good(20, 0), RowFactory.create(null, 1.0, new double[] {1, 0, 0, 0}, "x"),
                row(63, null, new double[] {1, 0, 0, 0})));
        assertContains(fails(config(t, table("nulls-test", good(6, 100)), "", 2)), "(missing_id)", "(missing_label)");
    }

    @Test
    void anEmptyTestSetIsRefused() {
        String t = table("train-ok", good(20, 0));
        String test = table("all-bad-test", List.of(row(100, 7.5, new double[] {1, 0, 0, 0})));
        assertContains(fails(config(t, test, ", onBadRows: skip", 2)), "test table " + test, "no usable test rows");
    }

    @Test
    void fewerRowsThanWorkersIsRefused() {
        String t = table("tiny", good(3, 0));
        assertContains(fails(config(t, table("tiny-test", good(3, 100)), "", 4)),
                "3 usable training rows, fewer than the 4 workers (ps.workers)");
    }

    @Test
    void aMissingPathIsNamed() {
        String m = fails(config(tmp.resolve("nowhere").toString(), table("x-test", good(3, 100)), "", 2));
        assertContains(m, "cannot read", "nowhere");
    }

    @Test
    void aFeatureWidthThatDoesNotFitTheModelIsRefusedBeforeTraining() {
        String t = table("fit", good(20, 0));
        String test = table("fit-test", good(6, 100));
        HarnessConfig c = config(t, test, ", imageShape: [3, 3, 1]", 2);
        ConfigException e = assertThrows(ConfigException.class, () -> new TrainJob(c, line -> {}).run(jsc, null, false));
        assertContains(e.getMessage(), "data.imageShape", "9 values per example", "4 features");
        HarnessConfig cnn = ConfigLoader.parse("""
                data: { source: table, format: parquet, train: %s, test: %s, idCol: id }
                model: { type: cnn }
                ps: { workers: 2, rounds: 1 }
                """.formatted(t, test), List.of());
        ConfigException e2 = assertThrows(ConfigException.class, () -> new TrainJob(cnn, line -> {}).run(jsc, null, false));
        assertContains(e2.getMessage(), "model.type", "16x16");
    }

    @Test
    void skippedRowsAreCountedPerReasonInTheManifest() throws Exception {
        String t = table("skip", plus(good(30, 0), row(90, 1.0, new double[] {1, 2}), row(91, 0.0,
                new double[] {Double.NaN, 0, 0, 0}), row(92, null, new double[] {0, 0, 0, 0})));
        String test = table("skip-test", plus(good(8, 100), row(190, 1.0, new double[] {1})));
        HarnessConfig c = config(t, test, ", onBadRows: skip", 2);
        List<String> log = new ArrayList<>();
        RunDirectory run = RunDirectory.create(c.run().output(), "skip");
        new TrainJob(c, log::add).run(jsc, run, false);
        JsonNode data = new ObjectMapper().readTree(Files.readString(Path.of(run.file("manifest.json").toUri()))).get("data");
        assertEquals(33, data.get("train").get("rows").asInt());
        assertEquals(30, data.get("train").get("usable").asInt());
        JsonNode bad = data.get("train").get("bad_rows");
        assertEquals(1, bad.get("ragged").asInt());
        assertEquals(1, bad.get("non_finite_feature").asInt());
        assertEquals(1, bad.get("missing_label").asInt());
        assertEquals(1, data.get("test").get("bad_rows").get("ragged").asInt());
        assertTrue(log.stream().anyMatch(l -> l.contains("skipped training: 1 where the label is missing")), String.join("\n", log));
    }
}
