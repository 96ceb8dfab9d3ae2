package org.sparkharness.data.prune;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparkharness.data.io.StageFiles;

/**
 * Runs {@link PruningStudy} on the full Fashion-MNIST and prints its table (not a surefire test: the name does not
 * end in Test). From the repository root:
 *
 * <pre>
 * mvn -o -q -pl data-pipeline -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java -Xmx6g -Dorg.bytedeco.javacpp.cachedir=.javacpp-cache \
 *     -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat data-pipeline/target/cp.txt) \
 *     org.sparkharness.data.prune.PruningStudyMain [DATA_DIR [OUT_JSON [SEEDS]]]
 * </pre>
 *
 * Defaults: {@code data/fashion-mnist}, {@code target/pruning-study.json}, 3 seeds. Other settings as JSON in
 * {@code -Dstudy.settings='{"standardize": false, "scoreRuns": 10}'} ({@link PruningStudy.Settings} fields).
 */
public final class PruningStudyMain {
    private PruningStudyMain() {}

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "data/fashion-mnist";
        Path out = Path.of(args.length > 1 ? args[1] : "target/pruning-study.json");
        String json = System.getProperty("study.settings");
        PruningStudy.Settings settings = json == null ? PruningStudy.Settings.defaults()
                : new ObjectMapper().readValue(json, PruningStudy.Settings.class);
        if (args.length > 2) settings = settings.withSeedCount(Integer.parseInt(args[2]));
        PruningStudy.Result result = PruningStudy.run(data, settings, line -> System.out.println("  " + line));
        System.out.print(PruningStudy.table(result));
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, StageFiles.JSON.writeValueAsString(result) + "\n");
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
