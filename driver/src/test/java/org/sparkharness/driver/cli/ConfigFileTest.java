package org.sparkharness.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkharness.driver.run.RunSetupException;

/** {@code --config} from a local path, a Hadoop URI, or the files spark-submit ships with {@code --files}. */
class ConfigFileTest {

    @Test
    void readsALocalPathAndAFileUri(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "ps: { workers: 2 }\n");
        SparkConf none = new SparkConf(false);
        assertEquals("ps: { workers: 2 }\n", ConfigFile.read(f.toString(), none));
        assertEquals("ps: { workers: 2 }\n", ConfigFile.read(f.toUri().toString(), none));
    }

    @Test
    void findsAFileShippedWithFilesByItsName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("job.yaml");
        Files.writeString(f, "ps: { workers: 3 }\n");
        Path g = dir.resolve("other.yaml");
        Files.writeString(g, "ps: { workers: 5 }\n");
        SparkConf submitted = new SparkConf(false).set("spark.files",
                "file:/nowhere/x.yaml," + f.toUri() + "," + g.toUri() + "#renamed.yaml");
        assertEquals("ps: { workers: 3 }\n", ConfigFile.read("job.yaml", submitted));
        assertEquals("ps: { workers: 5 }\n", ConfigFile.read("renamed.yaml", submitted));
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        SparkConf submitted = new SparkConf(false).set("spark.files", "file:/nowhere/x.yaml");
        String m = assertThrows(RunSetupException.class, () -> ConfigFile.read("job.yaml", submitted)).getMessage();
        assertTrue(m.contains("--config job.yaml") && m.contains("file:/nowhere/x.yaml"), m);
        String uri = assertThrows(RunSetupException.class,
                () -> ConfigFile.read("file:/nowhere/y.yaml", new SparkConf(false))).getMessage();
        assertTrue(uri.contains("no such file"), uri);
    }
}
