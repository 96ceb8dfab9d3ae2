package org.sparkharness.data.federated;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the per-user JSON files of LEAF (Caldas et al. 2018, arXiv 1812.01097) and FedProx
 * ({@code litian96/FedProx} {@code data/*}/data/{train,test}/*.json}): the "natural id" partition of
 * {@code docs/algorithms/federated.md} §6, so that results can be compared on the exact bundled files.
 *
 * <p>Format: {@code {"users": [u, ...], "user_data": {u: {"x": [[f, ...], ...], "y": [l, ...]}},
 * "num_samples": [n, ...]}}; other top-level fields (LEAF's {@code "hierarchies"}) are ignored. Only numeric data
 * is supported (Synthetic, MNIST, FEMNIST): x rows of numbers, all of one length across both files, and y
 * non-negative integers (FedProx writes them as floats such as {@code 3.0}). Shakespeare and Sent140 store strings
 * and are rejected.
 *
 * <p>Clients are numbered in the order of the train file's {@code "users"}, then users that appear only in the test
 * file (LEAF's user-level split puts different users in each file); a user absent from one file gets an empty split
 * there. Any format problem is an {@link IOException} naming the file and the field.
 *
 * <p>The whole file is read as a Jackson tree: fine for Synthetic and FEMNIST, but the FedProx MNIST file
 * (69k × 784) needs a few GB of heap this way.
 */
public final class LeafJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LeafJson() {
    }

    /**
     * Reads one train file and one test file.
     *
     * @throws IOException if a file cannot be read or is not in the format above (message names file and field)
     */
    public static List<ClientArrays> read(Path trainJson, Path testJson) throws IOException {
        Objects.requireNonNull(trainJson, "trainJson");
        Objects.requireNonNull(testJson, "testJson");
        Map<String, UserData> train = parse(trainJson);
        Map<String, UserData> test = parse(testJson);
        Set<String> users = new LinkedHashSet<>(train.keySet());
        users.addAll(test.keySet());
        int[] dimension = {-1};
        List<ClientArrays> out = new ArrayList<>(users.size());
        int client = 0;
        for (String user : users) {
            UserData tr = train.getOrDefault(user, UserData.EMPTY);
            UserData te = test.getOrDefault(user, UserData.EMPTY);
            checkDimension(trainJson, user, tr, dimension);
            checkDimension(testJson, user, te, dimension);
            out.add(new ClientArrays(client++, tr.x, tr.y, te.x, te.y));
        }
        return Collections.unmodifiableList(out);
    }

    /** All rows of all users in both files share one width, fixed by the first non-empty user seen. */
    private static void checkDimension(Path file, String user, UserData data, int[] dimension) throws IOException {
        if (data.x.length == 0) {
            return;
        }
        if (dimension[0] < 0) {
            dimension[0] = data.x[0].length;
        } else if (data.x[0].length != dimension[0]) {
            throw new IOException(file + ": field 'user_data." + user + ".x[0]' has " + data.x[0].length
                    + " features, expected " + dimension[0] + " as in the users read before it");
        }
    }

    private record UserData(float[][] x, int[] y) {
        static final UserData EMPTY = new UserData(new float[0][], new int[0]);
    }

    /** The users of one file, in its {@code "users"} order. */
    private static Map<String, UserData> parse(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": top level must be a JSON object with fields users, user_data,"
                    + " num_samples");
        }
        JsonNode users = field(file, root, "users");
        JsonNode userData = field(file, root, "user_data");
        if (!users.isArray()) {
            throw new IOException(file + ": field 'users' must be an array of strings, got " + users.getNodeType());
        }
        if (!userData.isObject()) {
            throw new IOException(file + ": field 'user_data' must be an object, got " + userData.getNodeType());
        }
        Map<String, UserData> out = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            JsonNode u = users.get(i);
            if (!u.isTextual()) {
                throw new IOException(file + ": field 'users[" + i + "]' must be a string, got " + u.getNodeType());
            }
            String user = u.textValue();
            if (out.containsKey(user)) {
                throw new IOException(file + ": field 'users[" + i + "]' repeats user '" + user + "'");
            }
            JsonNode data = userData.get(user);
            if (data == null) {
                throw new IOException(file + ": field 'user_data." + user + "' is missing (user listed in 'users')");
            }
            out.put(user, parseUser(file, user, data));
        }
        for (Iterator<String> it = userData.fieldNames(); it.hasNext(); ) {
            String user = it.next();
            if (!out.containsKey(user)) {
                throw new IOException(file + ": field 'user_data." + user + "' has no entry in 'users'");
            }
        }
        JsonNode numSamples = root.get("num_samples");
        if (numSamples != null) {
            checkNumSamples(file, numSamples, users, out);
        }
        return out;
    }

    private static JsonNode field(Path file, JsonNode root, String name) throws IOException {
        JsonNode node = root.get(name);
        if (node == null) {
            throw new IOException(file + ": field '" + name + "' is missing");
        }
        return node;
    }

    private static UserData parseUser(Path file, String user, JsonNode data) throws IOException {
        String at = "user_data." + user;
        if (!data.isObject()) {
            throw new IOException(file + ": field '" + at + "' must be an object with x and y, got "
                    + data.getNodeType());
        }
        JsonNode x = data.get("x");
        JsonNode y = data.get("y");
        if (x == null || !x.isArray()) {
            throw new IOException(file + ": field '" + at + ".x' must be an array of rows");
        }
        if (y == null || !y.isArray()) {
            throw new IOException(file + ": field '" + at + ".y' must be an array of labels");
        }
        if (x.size() != y.size()) {
            throw new IOException(file + ": field '" + at + ".x' has " + x.size() + " rows but '" + at + ".y' has "
                    + y.size() + " labels");
        }
        float[][] rows = new float[x.size()][];
        for (int i = 0; i < rows.length; i++) {
            JsonNode row = x.get(i);
            if (!row.isArray()) {
                throw new IOException(file + ": field '" + at + ".x[" + i + "]' must be an array of numbers, got "
                        + row.getNodeType() + " (only numeric LEAF data sets are supported)");
            }
            if (i > 0 && row.size() != rows[0].length) {
                throw new IOException(file + ": field '" + at + ".x[" + i + "]' has " + row.size()
                        + " features, expected " + rows[0].length);
            }
            rows[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                JsonNode v = row.get(j);
                if (!v.isNumber()) {
                    throw new IOException(file + ": field '" + at + ".x[" + i + "][" + j + "]' must be a number, got "
                            + v.getNodeType());
                }
                rows[i][j] = v.floatValue();
            }
        }
        int[] labels = new int[y.size()];
        for (int i = 0; i < labels.length; i++) {
            JsonNode v = y.get(i);
            double d = v.isNumber() ? v.doubleValue() : Double.NaN;
            if (!(d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d))) {
                throw new IOException(file + ": field '" + at + ".y[" + i + "]' must be a non-negative integer, got "
                        + v);
            }
            labels[i] = (int) d;
        }
        return new UserData(rows, labels);
    }

    private static void checkNumSamples(Path file, JsonNode numSamples, JsonNode users, Map<String, UserData> data)
            throws IOException {
        if (!numSamples.isArray() || numSamples.size() != users.size()) {
            throw new IOException(file + ": field 'num_samples' must be an array with one count per user ("
                    + users.size() + ")");
        }
        for (int i = 0; i < users.size(); i++) {
            JsonNode n = numSamples.get(i);
            int actual = data.get(users.get(i).textValue()).y.length;
            if (!n.canConvertToInt() || !n.isIntegralNumber() && n.doubleValue() != Math.rint(n.doubleValue())
                    || n.intValue() != actual) {
                throw new IOException(file + ": field 'num_samples[" + i + "]' is " + n + " but user '"
                        + users.get(i).textValue() + "' has " + actual + " examples");
            }
        }
    }
}
