package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The SAM, Sven and SAF golden runners ({@link WrapperGoldenFormats}) on vectors in the complete §11.2–11.4 formats:
 * {@code src/test/resources/golden-extra/*.json}, written by {@code make_golden_extra.py} beside them (an
 * independent float64 numpy reference that first reproduces every number of the shipped golden files). They add
 * what the shipped files leave out: SAM with momentum and weight decay and ASAM, Sven's {@code linear_regression}
 * runs, four SAF cases and the {@code mesa_ema} block. Also checks that the runners fail, naming the problem, on
 * data they do not understand.
 */
class WrapperGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path extraDir() {
        URL url = WrapperGoldenTest.class.getResource("/golden-extra");
        assertNotNull(url, "golden-extra/ is not on the test classpath");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> completeFormatVectors() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(extraDir())) {
            files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(3, files.size(), "sam.json, sven.json, saf.json in golden-extra");
        return files.stream().flatMap(GoldenVectorTest::testsFor);
    }

    private static JsonNode extra(String name) throws IOException {
        return JSON.readTree(extraDir().resolve(name).toFile());
    }

    private static List<String> names(Stream<DynamicTest> tests) {
        return tests.map(DynamicTest::getDisplayName).toList();
    }

    @Test
    void theOptionalBlocksAndAllCasesBecomeTheirOwnTests() throws IOException {
        assertEquals(List.of("sam.json/format", "sam.json/sam_sgd", "sam.json/sam_sgd_momentum_wd",
                "sam.json/asam_sgd"), names(WrapperGoldenFormats.sam("sam.json", extra("sam.json"))));
        List<String> sven = names(WrapperGoldenFormats.sven("sven.json", extra("sven.json")));
        assertEquals(3, sven.stream().filter(n -> n.startsWith("sven.json/linear_regression/run")).count(), sven.toString());
        assertEquals(7, sven.stream().filter(n -> n.matches("sven.json/pinv_test/k=.*")).count(), sven.toString());
        List<String> saf = names(WrapperGoldenFormats.saf("saf.json", extra("saf.json")));
        assertTrue(saf.contains("saf.json/mesa_ema") && saf.contains("saf.json/ring_buffer_schedule"), saf.toString());
        assertEquals(4, saf.stream().filter(n -> n.startsWith("saf.json/case")).count(), saf.toString());
    }

    /** Runs every test and returns the first failure's message, or null if all pass. */
    private static String firstFailure(Stream<DynamicTest> tests) {
        for (DynamicTest t : tests.toList()) {
            try {
                t.getExecutable().execute();
            } catch (Throwable e) {
                return t.getDisplayName() + ": " + e.getMessage();
            }
        }
        return null;
    }

    @Test
    void tensorsWrittenAsPlainNestedArraysReadTheSame() throws IOException {
        JsonNode sven = extra("sven.json");
        JsonNode saf = extra("saf.json");
        assertEquals(null, firstFailure(WrapperGoldenFormats.sven("sven.json", plainArrays(sven, false))));
        assertEquals(null, firstFailure(WrapperGoldenFormats.saf("saf.json", plainArrays(saf, false))));
    }

    /** A copy of {@code node} with every {shape, data} tensor replaced by a nested array (except at the top). */
    private static JsonNode plainArrays(JsonNode node, boolean convertHere) {
        if (node.isObject() && convertHere && node.has("shape") && node.has("data") && node.size() == 2) {
            List<Long> shape = java.util.stream.StreamSupport.stream(node.get("shape").spliterator(), false)
                    .map(JsonNode::asLong).toList();
            double[] data = WrapperGoldenFormats.numbers("t", node);
            return nest(shape, data, new int[] {0});
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // SAM and the pinv/SAF top-level tensors stay dicts where the shipped format has them
                out.set(e.getKey(), plainArrays(e.getValue(), true));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(plainArrays(n, true)));
            return out;
        }
        return node;
    }

    private static JsonNode nest(List<Long> shape, double[] data, int[] pos) {
        ArrayNode a = JSON.createArrayNode();
        if (shape.isEmpty()) {
            return JSON.getNodeFactory().numberNode(data[pos[0]++]);
        }
        for (long i = 0; i < shape.get(0); i++) {
            if (shape.size() == 1) {
                a.add(data[pos[0]++]);
            } else {
                a.add(nest(shape.subList(1, shape.size()), data, pos));
            }
        }
        return a;
    }

    @Test
    void aSamCaseWithAnotherBaseOptimizerFails() throws IOException {
        ObjectNode root = (ObjectNode) extra("sam.json");
        ((ObjectNode) root.get("cases").get(0).get("hyperparameters")).put("base_optimizer", "torch Adam");
        String failure = firstFailure(WrapperGoldenFormats.sam("sam.json", root));
        assertNotNull(failure);
        assertTrue(failure.contains("base_optimizer \"torch Adam\" is not supported"), failure);
    }

    @Test
    void anUnknownSamHyperparameterFails() throws IOException {
        ObjectNode root = (ObjectNode) extra("sam.json");
        ((ObjectNode) root.get("cases").get(1).get("hyperparameters")).put("eta", 0.01);
        String failure = firstFailure(WrapperGoldenFormats.sam("sam.json", root));
        assertNotNull(failure);
        assertTrue(failure.startsWith("sam.json/sam_sgd_momentum_wd") && failure.contains("unknown hyperparameter(s) [eta]"),
                failure);
    }

    @Test
    void aWrongSamPerturbationFailsNamingStepAndElement() throws IOException {
        ObjectNode root = (ObjectNode) extra("sam.json");
        ArrayNode e = (ArrayNode) root.get("cases").get(2).get("steps").get(3).get("perturbation_e").get("w").get("data");
        e.set(1, JSON.getNodeFactory().numberNode(e.get(1).asDouble() * 1.01));
        String failure = firstFailure(WrapperGoldenFormats.sam("sam.json", root));
        assertNotNull(failure);
        assertTrue(failure.startsWith("sam.json/asam_sgd: sam.json/asam_sgd step 4 perturbation_e w[1]"), failure);
    }

    @Test
    void unknownKeysFailTheTestThatOwnsThem() throws IOException {
        ObjectNode sven = (ObjectNode) extra("sven.json");
        ((ObjectNode) sven.get("linear_regression").get("runs").get(1).get("steps").get(2)).put("gauss_newton", 1);
        String failure = firstFailure(WrapperGoldenFormats.sven("sven.json", sven));
        assertNotNull(failure);
        assertTrue(failure.contains("run 1") && failure.contains("step 3: unknown key(s) [gauss_newton]"), failure);

        ObjectNode saf = (ObjectNode) extra("saf.json");
        saf.put("label_smoothing", 0.1);
        failure = firstFailure(WrapperGoldenFormats.saf("saf.json", saf));
        assertNotNull(failure);
        assertTrue(failure.startsWith("saf.json/format") && failure.contains("[label_smoothing]"), failure);

        ObjectNode mesa = (ObjectNode) extra("saf.json");
        ((ObjectNode) mesa.get("mesa_ema")).put("warmup", true);
        failure = firstFailure(WrapperGoldenFormats.saf("saf.json", mesa));
        assertNotNull(failure);
        assertTrue(failure.startsWith("saf.json/mesa_ema") && failure.contains("[warmup]"), failure);
    }

    @Test
    void aWrongScheduleRowFails() throws IOException {
        ObjectNode saf = (ObjectNode) extra("saf.json");
        ((ObjectNode) saf.get("ring_buffer_schedule").get("rows").get(7)).put("reads_logits_recorded_at_epoch", 4);
        String failure = firstFailure(WrapperGoldenFormats.saf("saf.json", saf));
        assertNotNull(failure);
        assertTrue(failure.contains("epoch 7 reads_logits_recorded_at_epoch"), failure);
    }

    @Test
    void aMalformedTopLevelIsOneFailingTestNotACrash() throws IOException {
        ObjectNode sam = (ObjectNode) extra("sam.json");
        sam.remove("data");
        List<DynamicTest> tests = WrapperGoldenFormats.sam("sam.json", sam).toList();
        assertEquals(1, tests.size());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(e.getMessage().contains("missing 'data'"), e.getMessage());
    }
}
