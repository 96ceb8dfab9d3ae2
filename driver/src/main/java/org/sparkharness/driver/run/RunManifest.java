package org.sparkharness.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Provenance of a run (after Tribuo's): versions, platform (Math vs StrictMath and native kernels can change
 * results across machines), Spark settings, seeds and data fingerprints. Written once per run as manifest.json.
 */
public final class RunManifest {
    private RunManifest() {}

    public static String json(String command, long seed, Map<String, String> sparkConf, Map<String, ?> data,
                              Map<String, ?> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("created", java.time.OffsetDateTime.now().toString());
        m.put("git_commit", gitCommit());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("spark_harness", implementationVersion());
        versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        versions.put("scala", scala.util.Properties.versionNumberString());
        versions.put("deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        versions.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        versions.put("java", System.getProperty("java.version"));
        m.put("versions", versions);
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        platform.put("arch", System.getProperty("os.arch"));
        platform.put("cores", Runtime.getRuntime().availableProcessors());
        platform.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        platform.put("omp_wait_policy", System.getenv("OMP_WAIT_POLICY"));
        platform.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("platform", platform);
        m.put("seed", seed);
        m.put("spark_conf", new TreeMap<>(sparkConf));
        m.put("data", data);
        m.putAll(extra);
        try {
            return MetricsLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is not serialisable", e);
        }
    }

    private static String implementationVersion() {
        String v = RunManifest.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String mavenVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Nd4j.class.getResourceAsStream(res)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 ? out : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
