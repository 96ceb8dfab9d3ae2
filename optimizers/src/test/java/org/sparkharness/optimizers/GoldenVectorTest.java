package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.LionConfig;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * Golden-vector parity (docs/algorithms/optimizers.md §11, goal O1): every case of every {@code *.json} in the golden
 * folder is one dynamic test named {@code file/case}.
 *
 * <p>The reference vectors are in {@code src/test/resources/golden}, one file per method (sgd, adamw, adafactor,
 * adam_atan2, lion, sam, sven, saf), each naming its paper and the reference implementations it follows
 * ({@code paper}, {@code reference_impls}). The per-step files hold short runs on small tensors with the parameters
 * expected after each step, computed in float64 by an independent numpy port of those implementations; the SAM, Sven
 * and SAF files hold small fixed problems (a least-squares loss, a pseudo-inverse, logits) with their expected
 * outputs. The system property {@code golden.dir} points the test at another folder of the same format; a relative
 * path is resolved against the project root ({@code harness.root}, set by the build) and then the working directory:
 * {@code mvn -pl optimizers test -Dtest=GoldenVectorTest -Dgolden.dir=path/to/golden}.
 *
 * <p>A file is dispatched on its {@code optimizer} field: per-step files (§11.1) through {@link #PER_STEP}, which
 * maps the name to a factory reading the case's hyperparameters; other formats (SAM, Sven, SAF) through
 * {@link #OTHER_FORMATS}, one method per format. A file nobody handles, an unknown hyperparameter and an unknown
 * {@code semantics} value fail with a message naming them. Comparison: accumulated update
 * {@code params_i − params_init} against {@code expected[i] − params_init}, |Δ| ≤ {@value #ATOL} + {@value #RTOL}·|expected|,
 * in float32.
 */
class GoldenVectorTest {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the cases of one golden file whose format is not the per-step one. */
    @FunctionalInterface
    interface Format {
        Stream<DynamicTest> cases(String file, JsonNode root);
    }

    /** Per-step optimizers (§11.1), by the file's {@code optimizer} field. Adding one is one entry. */
    static final Map<String, Function<Hyperparameters, Optimizer>> PER_STEP = Map.of(
            "Adafactor", GoldenVectorTest::adafactor,
            "Adam-atan2", h -> Optimizers.adamAtan2(
                    new AdamAtan2Config(h.number("lr"), h.number("beta1"), h.number("beta2"), h.number("weight_decay"),
                            h.number("a"), h.number("b")),
                    h.choice("semantics", AdamAtan2.Semantics.class, AdamAtan2.Semantics.LUCIDRAINS)),
            "Lion", h -> Optimizers.lion(
                    new LionConfig(h.number("lr"), h.number("beta1"), h.number("beta2"), h.number("weight_decay"))),
            "SGD", h -> Optimizers.sgd(new SgdConfig(h.number("lr"), h.number("momentum"), h.number("dampening"),
                    h.number("weight_decay"), h.bool("nesterov"))),
            "AdamW", h -> Optimizers.adamw(
                    new AdamWConfig(h.number("lr"), h.number("beta1"), h.number("beta2"), h.number("eps"),
                            h.number("weight_decay")),
                    h.choice("semantics", AdamW.Semantics.class, AdamW.Semantics.TORCH)));

    /**
     * adafactor.json: HF keys ({@code lr, eps1, eps2, clip_threshold, decay_rate, beta1, weight_decay,
     * scale_parameter, relative_step, warmup_init}) or, with {@code semantics: torch_optim}, torch.optim's ({@code lr,
     * eps1, eps2, d, beta2_decay, weight_decay, maximize}), whose absent values take torch's defaults.
     */
    static Optimizer adafactor(Hyperparameters h) {
        Adafactor.Semantics semantics = h.choice("semantics", Adafactor.Semantics.class,
                Adafactor.Semantics.HF_FAIRSEQ_T2T);
        if (semantics == Adafactor.Semantics.HF_FAIRSEQ_T2T) {
            return Optimizers.adafactor(new AdafactorConfig(h.number("lr"), h.number("eps1"), h.number("eps2"),
                    h.number("clip_threshold"), h.number("decay_rate"), h.number("beta1"), h.number("weight_decay"),
                    h.bool("scale_parameter"), h.bool("relative_step"), h.bool("warmup_init")), semantics);
        }
        // torch's lr caps the relative step: a fixed lr here; torch's defaults are lr 1e-2 (= relativeStep) and
        // eps1 = the float32 machine epsilon
        Double lr = h.number("lr");
        Double eps1 = h.number("eps1");
        Optimizer opt = Optimizers.adafactor(new AdafactorConfig(lr, eps1 == null ? (double) Math.ulp(1.0f) : eps1,
                h.number("eps2"), h.number("d"), h.number("beta2_decay"), null, h.number("weight_decay"), true,
                lr == null, false), semantics);
        return Boolean.TRUE.equals(h.bool("maximize")) ? new Maximizing(opt) : opt;
    }

    /** torch's {@code maximize=True}: the rule applied to −g. */
    record Maximizing(Optimizer base) implements Optimizer {
        @Override
        public String name() {
            return base.name();
        }

        @Override
        public OptimizerState init(ParamTable params) {
            return base.init(params);
        }

        @Override
        public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
            return base.update(params, grads.map(INDArray::neg), state);
        }
    }

    /** Files with their own format (sam.json §11.2, sven.json §11.3, saf.json §11.4), by {@code optimizer} field. */
    static final Map<String, Format> OTHER_FORMATS = Map.of(
            "SAM", WrapperGoldenFormats::sam,
            "Sven", WrapperGoldenFormats::sven,
            "SAF", WrapperGoldenFormats::saf);

    @TestFactory
    Stream<DynamicTest> goldenVectors() throws IOException {
        Path dir = goldenDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no *.json golden files in " + dir);
        return files.stream().flatMap(GoldenVectorTest::testsFor);
    }

    static Path goldenDir() {
        String prop = System.getProperty("golden.dir");
        if (prop == null || prop.isBlank()) {
            URL url = GoldenVectorTest.class.getResource("/golden");
            assertNotNull(url, "golden/ is not on the test classpath (src/test/resources/golden)");
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        List<Path> candidates = new ArrayList<>();
        Path given = Path.of(prop);
        String root = System.getProperty("harness.root");
        if (!given.isAbsolute() && root != null) {
            candidates.add(Path.of(root).resolve(given));
        }
        candidates.add(given.toAbsolutePath());
        return candidates.stream().filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionFailedError(
                "golden.dir=" + prop + " is not a directory; tried " + candidates));
    }

    /** The tests of one file: its cases, or one failing test saying why it cannot be run. */
    static Stream<DynamicTest> testsFor(Path path) {
        String file = path.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            return Stream.of(dynamicTest(file, () -> fail(file + ": not valid JSON", e)));
        }
        String optimizer = root.path("optimizer").asText("");
        Function<Hyperparameters, Optimizer> factory = PER_STEP.get(optimizer);
        if (factory != null) {
            return perStepCases(file, root, factory);
        }
        Format format = OTHER_FORMATS.get(optimizer);
        if (format != null) {
            return format.cases(file, root);
        }
        Set<String> known = new TreeSet<>(PER_STEP.keySet());
        known.addAll(OTHER_FORMATS.keySet());
        return Stream.of(dynamicTest(file, () -> fail(file + ": optimizer '" + optimizer
                + "' has no golden runner (not implemented yet?); implemented: " + known)));
    }

    static Stream<DynamicTest> perStepCases(String file, JsonNode root, Function<Hyperparameters, Optimizer> factory) {
        JsonNode cases = root.path("cases");
        if (!cases.isArray() || cases.isEmpty()) {
            return Stream.of(dynamicTest(file, () -> fail(file + ": no 'cases' array")));
        }
        return StreamSupport.stream(cases.spliterator(), false).map(c -> {
            String id = file + "/" + c.path("name").asText("<unnamed>");
            return dynamicTest(id, () -> runPerStepCase(id, c, factory));
        });
    }

    /** Runs every step of one §11.1 case from fresh state and compares the accumulated update after each step. */
    static void runPerStepCase(String id, JsonNode c, Function<Hyperparameters, Optimizer> factory) {
        Hyperparameters h = new Hyperparameters(id, c.get("hyperparameters"));
        Optimizer opt = factory.apply(h);
        h.requireAllRead();
        JsonNode initJson = c.get("params_init");
        JsonNode grads = c.get("grads");
        JsonNode expected = c.get("expected");
        assertTrue(grads != null && expected != null && grads.size() == expected.size() && grads.size() > 0,
                id + ": 'grads' and 'expected' must be non-empty arrays of equal length");

        ParamTable init = table(id + " params_init", initJson);
        ParamTable p = init;
        OptimizerState s = opt.init(init);
        for (int i = 0; i < grads.size(); i++) {
            Optimizer.Step step = opt.update(p, table(id + " grads[" + i + "]", grads.get(i)), s);
            p = step.params();
            s = step.state();
            assertUpdateClose(id + " step " + (i + 1), initJson, init, p, expected.get(i));
        }
    }

    /** |(actual − init) − (expected − init_json)| ≤ ATOL + RTOL·|expected − init_json| for every element. */
    static void assertUpdateClose(String where, JsonNode initJson, ParamTable init, ParamTable actual,
                                  JsonNode expected) {
        assertEquals(fieldNames(expected), new LinkedHashSet<>(actual.names()), where + ": parameter names");
        for (String n : actual.names()) {
            double[] e = data(where + " expected " + n, expected.get(n));
            double[] e0 = data(where + " params_init " + n, initJson.get(n));
            double[] a = TestTables.values(actual, n);
            double[] a0 = TestTables.values(init, n);
            for (int j = 0; j < e.length; j++) {
                double want = e[j] - e0[j];
                double got = a[j] - a0[j];
                double tol = ATOL + RTOL * Math.abs(want);
                if (!(Math.abs(got - want) <= tol)) {
                    fail(String.format(Locale.ROOT, "%s, %s[%d]: accumulated update %.9g, expected %.9g (|diff| %.3g > tol %.3g)",
                            where, n, j, got, want, Math.abs(got - want), tol));
                }
            }
        }
    }

    /** A §11.1 tensor dict as a float32 table, in the file's order. */
    static ParamTable table(String where, JsonNode tensors) {
        assertTrue(tensors != null && tensors.isObject(), where + ": expected an object of tensors");
        ParamTable.Builder b = ParamTable.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long[] shape = StreamSupport.stream(e.getValue().path("shape").spliterator(), false)
                    .mapToLong(JsonNode::asLong).toArray();
            double[] data = data(where + " " + e.getKey(), e.getValue());
            assertEquals(Arrays.stream(shape).reduce(1, Math::multiplyExact), data.length,
                    where + " " + e.getKey() + ": data length does not match shape " + Arrays.toString(shape));
            b.put(e.getKey(), Nd4j.create(data, shape, 'c').castTo(DataType.FLOAT));
        }
        return b.build();
    }

    static double[] data(String where, JsonNode tensor) {
        assertTrue(tensor != null && tensor.path("data").isArray(), where + ": missing tensor or its 'data'");
        return StreamSupport.stream(tensor.get("data").spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A case's {@code hyperparameters}, read by key. JSON {@code null} or an absent key reads as {@code null} (the
     * config default). Keys never read fail the case in {@link #requireAllRead()}, so a hyperparameter the runner
     * does not understand cannot be silently ignored.
     */
    static final class Hyperparameters {
        private final String where;
        private final JsonNode node;
        private final Set<String> read = new LinkedHashSet<>();

        Hyperparameters(String where, JsonNode node) {
            assertTrue(node != null && node.isObject(), where + ": missing 'hyperparameters' object");
            this.where = where;
            this.node = node;
        }

        Double number(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return null;
            }
            assertTrue(v.isNumber(), where + ": hyperparameter '" + key + "' must be a number, got " + v);
            return v.doubleValue();
        }

        Boolean bool(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return null;
            }
            assertTrue(v.isBoolean(), where + ": hyperparameter '" + key + "' must be true or false, got " + v);
            return v.booleanValue();
        }

        /** An enum constant named by the (case-insensitive) text value; {@code dflt} when absent. */
        <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
            JsonNode v = value(key);
            if (v == null) {
                return dflt;
            }
            List<String> allowed = Arrays.stream(type.getEnumConstants())
                    .map(x -> x.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
            String text = v.asText().toLowerCase(Locale.ROOT);
            if (!v.isTextual() || !allowed.contains(text)) {
                fail(where + ": unknown " + key + " " + v + "; known: " + allowed);
            }
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        }

        private JsonNode value(String key) {
            read.add(key);
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        void requireAllRead() {
            Set<String> unknown = new TreeSet<>(fieldNames(node));
            unknown.removeAll(read);
            if (!unknown.isEmpty()) {
                fail(where + ": unknown hyperparameter(s) " + unknown + "; this runner reads " + read);
            }
        }
    }

    // ---- the loader's own behaviour --------------------------------------------------------------------------

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String TENSORS = "{'x': {'shape': [1], 'data': [1.0]}}";

    private static JsonNode oneStepCase(String hyperparameters, String expectedX) throws IOException {
        return json("{'name': 't', 'hyperparameters': " + hyperparameters + ", 'params_init': " + TENSORS
                + ", 'grads': [" + TENSORS + "], 'expected': [{'x': {'shape': [1], 'data': [" + expectedX + "]}}]}");
    }

    @Test
    void aMatchingCasePassesAndAWrongExpectationFailsNamingTheElement() throws IOException {
        runPerStepCase("f/t", oneStepCase("{'lr': 0.5}", "0.5"), PER_STEP.get("SGD"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> runPerStepCase("f/t", oneStepCase("{'lr': 0.5}", "0.6"), PER_STEP.get("SGD")));
        assertTrue(e.getMessage().startsWith("f/t step 1, x[0]: accumulated update -0.5"), e.getMessage());
    }

    @Test
    void anUnknownHyperparameterFailsTheCase() throws IOException {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> runPerStepCase("f/t", oneStepCase("{'lr': 0.5, 'foo': 1}", "0.5"), PER_STEP.get("SGD")));
        assertTrue(e.getMessage().contains("unknown hyperparameter(s) [foo]"), e.getMessage());
    }

    @Test
    void anUnknownSemanticsFailsTheCase() throws IOException {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> runPerStepCase("f/t", oneStepCase("{'semantics': 'keras'}", "1"), PER_STEP.get("AdamW")));
        assertTrue(e.getMessage().contains("unknown semantics \"keras\"; known: [torch, dl4j]"), e.getMessage());
    }

    @Test
    void aFileForAnUnimplementedOptimizerFailsNamingIt(@TempDir Path dir) throws Exception {
        Path shampoo = dir.resolve("shampoo.json");
        Files.writeString(shampoo, "{\"optimizer\": \"Shampoo\", \"cases\": []}");
        List<DynamicTest> tests = testsFor(shampoo).toList();
        assertEquals(1, tests.size());
        assertEquals("shampoo.json", tests.get(0).getDisplayName());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(e.getMessage().contains("optimizer 'Shampoo' has no golden runner"), e.getMessage());
    }

    @Test
    void dl4jSemanticsIsSelectable() throws IOException {
        Hyperparameters h = new Hyperparameters("f/t", json("{'semantics': 'dl4j'}"));
        assertEquals(AdamW.Semantics.DL4J, ((AdamW) PER_STEP.get("AdamW").apply(h)).semantics());
        h.requireAllRead();
    }
}
