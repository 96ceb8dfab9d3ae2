package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.config.SparkConfig;

/** Whatever the user set wins over the harness's defaults; secrets never leave redaction. */
class SparkSetupTest {
    private static final SparkConfig YAML = new SparkConfig("local[3]", Map.of(
            "spark.executor.memory", "3g", "spark.serializer", "org.apache.spark.serializer.JavaSerializer"));

    /** What spark-submit leaves in the JVM's properties. */
    private static SparkConf submitted(String... kv) {
        SparkConf c = new SparkConf(false);
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return c;
    }

    @Test
    void sparkSubmitsMasterAndConfWinOverTheYamlAndTheDefaults() {
        SparkConf c = SparkSetup.resolve(submitted("spark.master", "spark://m:7077", "spark.executor.memory", "8g",
                "spark.kryo.registrator", "my.Registrator", "spark.app.name", "org.sparkharness.driver.cli.HarnessCommand"),
                "spark-harness main", null, YAML, "local[4,4]");
        assertEquals("spark://m:7077", c.get("spark.master"));
        assertEquals("8g", c.get("spark.executor.memory"), "--conf beats the YAML");
        assertEquals("my.Registrator", c.get("spark.kryo.registrator"), "--conf beats the harness default");
        assertEquals("org.apache.spark.serializer.JavaSerializer", c.get("spark.serializer"), "the YAML beats the default");
        assertEquals("spark-harness main", c.get("spark.app.name"), "spark-submit's default name is replaced");
        assertFalse(c.contains("spark.driver.host"), "no loopback binding on a cluster");
    }

    @Test
    void withoutSparkSubmitTheYamlMasterThenTheLocalDefaultApply() {
        assertEquals("local[3]", SparkSetup.resolve(submitted(), "a", null, YAML, "local[4,4]").get("spark.master"));
        SparkConf local = SparkSetup.resolve(submitted(), "a", null, SparkConfig.defaults(), "local[4,4]");
        assertEquals("local[4,4]", local.get("spark.master"));
        assertEquals("127.0.0.1", local.get("spark.driver.host"));
        assertEquals("org.apache.spark.serializer.KryoSerializer", local.get("spark.serializer"));
        assertEquals("false", local.get("spark.speculation"));
        assertEquals("a", local.get("spark.app.name"));
    }

    @Test
    void theHarnessPluginJoinsTheUsersPluginsOnce() {
        assertEquals(SparkSetup.PLUGIN, SparkSetup.resolve(submitted(), "a", null, YAML, "local[1]").get("spark.plugins"));
        SparkConf users = SparkSetup.resolve(submitted("spark.plugins", "com.nvidia.spark.SQLPlugin"), "a", null, YAML,
                "local[1]");
        assertEquals("com.nvidia.spark.SQLPlugin," + SparkSetup.PLUGIN, users.get("spark.plugins"), "the user's first");
        assertEquals(users.get("spark.plugins"), SparkSetup.resolve(users, "a", null, YAML, "local[1]")
                .get("spark.plugins"), "added once");
    }

    @Test
    void theLaunchersMasterOptionWinsAndAGivenNameIsKept() {
        SparkConf c = SparkSetup.resolve(submitted("spark.master", "yarn", "spark.app.name", "nightly"), "a",
                "local[2]", YAML, "local[4,4]");
        assertEquals("local[2]", c.get("spark.master"));
        assertEquals("nightly", c.get("spark.app.name"));
    }

    @Test
    void secretsAreRedactedWithSparksPatternOrTheUsersOwn() {
        SparkConf c = submitted("spark.authenticate.secret", "hunter2", "spark.hadoop.fs.s3a.access.key", "AKIA123",
                "spark.executor.memory", "2g");
        SortedMap<String, String> r = SparkSetup.redacted(c);
        assertFalse(r.toString().contains("hunter2") || r.toString().contains("AKIA123"), r.toString());
        assertEquals("2g", r.get("spark.executor.memory"));
        assertTrue(r.containsKey("spark.authenticate.secret"));

        c.set("spark.redaction.regex", "(?i)secret|memory");
        assertFalse(SparkSetup.redacted(c).get("spark.executor.memory").equals("2g"), "the user's pattern applies");
    }

    @Test
    void yamlSparkConfIsRedactedInTheRunsConfigYaml() {
        String yaml = org.sparkharness.driver.config.ConfigLoader.toYaml(org.sparkharness.driver.config.ConfigLoader
                .parse("spark: { conf: { spark.hadoop.fs.s3a.secret.key: s3cr3t, spark.executor.cores: '2' } }\n",
                        java.util.List.of()));
        assertFalse(yaml.contains("s3cr3t"), yaml);
        assertTrue(yaml.contains("spark.executor.cores"), yaml);
    }

    @Test
    void aDriverStartedByAStandaloneWorkerTakesTheClustersSecretFromItsEnvironment() {
        SparkConf auth = submitted("spark.authenticate", "true");
        assertEquals("s3", SparkSetup.withClusterSecret(auth.clone(), "s3").get("spark.authenticate.secret"));
        assertEquals("mine", SparkSetup.withClusterSecret(submitted("spark.authenticate", "true",
                "spark.authenticate.secret", "mine"), "s3").get("spark.authenticate.secret"), "a given secret stays");
        assertFalse(SparkSetup.withClusterSecret(submitted(), "s3").contains("spark.authenticate.secret"),
                "no secret where authentication is off");
    }
}
