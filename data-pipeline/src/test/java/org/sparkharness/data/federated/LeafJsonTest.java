package org.sparkharness.data.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** Writes clients in FedProx's layout: users f_00000.., labels as floats (numpy {@code tolist()}). */
    private Path write(String name, List<ClientArrays> clients, boolean train) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode users = root.putArray("users");
        ObjectNode userData = root.putObject("user_data");
        ArrayNode numSamples = root.putArray("num_samples");
        for (ClientArrays c : clients) {
            String user = String.format("f_%05d", c.client());
            users.add(user);
            float[][] x = train ? c.trainX() : c.testX();
            int[] y = train ? c.trainY() : c.testY();
            ObjectNode u = userData.putObject(user);
            ArrayNode xs = u.putArray("x");
            for (float[] row : x) {
                ArrayNode r = xs.addArray();
                for (float v : row) {
                    r.add((double) v); // exact: float -> double -> text -> double -> float
                }
            }
            ArrayNode ys = u.putArray("y");
            for (int label : y) {
                ys.add((double) label);
            }
            numSamples.add(y.length);
        }
        Path file = dir.resolve(name);
        MAPPER.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void roundTripsGeneratedData() throws IOException {
        List<ClientArrays> clients = SyntheticFedProx.generate(1, 1, 3, 2L);
        Path train = write("train.json", clients, true);
        Path test = write("test.json", clients, false);
        assertEquals(clients, LeafJson.read(train, test));
    }

    @Test
    void readsAHandWrittenFileAndTestOnlyUsers() throws IOException {
        Path train = file("train.json", "{\"users\": [\"b\", \"a\"], \"hierarchies\": [],"
                + " \"user_data\": {\"a\": {\"x\": [[1, 2.5]], \"y\": [3]},"
                + " \"b\": {\"x\": [[0, 0], [-1, 1e-3]], \"y\": [0.0, 7.0]}}, \"num_samples\": [2, 1]}");
        Path test = file("test.json", "{\"users\": [\"a\", \"c\"], \"user_data\": {\"a\": {\"x\": [[5, 6]], \"y\": [1]},"
                + " \"c\": {\"x\": [[7, 8]], \"y\": [2]}}, \"num_samples\": [1, 1]}");
        List<ClientArrays> clients = LeafJson.read(train, test);
        assertEquals(3, clients.size());
        ClientArrays b = clients.get(0);
        assertArrayEquals(new int[] {0, 7}, b.trainY());
        assertArrayEquals(new float[] {-1f, 1e-3f}, b.trainX()[1]);
        assertEquals(0, b.testSize());
        ClientArrays a = clients.get(1);
        assertArrayEquals(new float[] {1f, 2.5f}, a.trainX()[0]);
        assertArrayEquals(new int[] {1}, a.testY());
        ClientArrays c = clients.get(2);
        assertEquals(2, c.client());
        assertEquals(0, c.trainSize());
        assertArrayEquals(new int[] {2}, c.testY());
    }

    @Test
    void formatErrorsNameTheFileAndField() throws IOException {
        Path good = file("good.json", "{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1]], \"y\": [0]}},"
                + " \"num_samples\": [1]}");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"users\": [\"u\"], \"user_data\": {", "malformed JSON");
        cases.put("[1, 2]", "top level must be a JSON object");
        cases.put("{\"user_data\": {}}", "field 'users' is missing");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1]]}}}", "field 'user_data.u.y'");
        cases.put("{\"users\": [\"u\"], \"user_data\": {}}", "field 'user_data.u' is missing");
        cases.put("{\"users\": [], \"user_data\": {\"v\": {\"x\": [], \"y\": []}}}", "'user_data.v' has no entry");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [\"to be\"], \"y\": [\"o\"]}}}",
                "field 'user_data.u.x[0]' must be an array of numbers");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1], [2, 3]], \"y\": [0, 1]}}}",
                "'user_data.u.x[1]' has 2 features, expected 1");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1]], \"y\": [2.5]}}}",
                "'user_data.u.y[0]' must be a non-negative integer");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1], [2]], \"y\": [0, 1]}},"
                + " \"num_samples\": [3]}", "'num_samples[0]' is 3 but user 'u' has 2");
        cases.put("{\"users\": [\"u\"], \"user_data\": {\"u\": {\"x\": [[1, 2]], \"y\": [0]}}}",
                "has 2 features, expected 1");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path bad = file("bad" + i++ + ".json", c.getKey());
            IOException e = assertThrows(IOException.class, () -> LeafJson.read(good, bad), c.getKey());
            assertTrue(e.getMessage().contains(bad.toString()), "no file name in: " + e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), "'" + e.getMessage() + "' lacks '" + c.getValue()
                    + "'");
        }
    }

    private Path file(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }
}
