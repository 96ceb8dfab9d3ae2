package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Reads a YAML config file into a validated {@link HarnessConfig}, or throws one {@link ConfigException} that names
 * the field (dotted path), the value and what is allowed. Unknown fields are errors, never ignored.
 */
public final class ConfigLoader {
    /** Closed choices are enums named by their {@code @JsonValue}, in any case ("Regression" reads as regression). */
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    private ConfigLoader() {}

    /** Loads {@code file}, applies {@code key.path=value} overrides, binds and validates. */
    public static HarnessConfig load(Path file, List<String> overrides) {
        return load(file, overrides, HarnessConfig.class);
    }

    /** Binds YAML text; see {@link #load}. */
    public static HarnessConfig parse(String yaml, List<String> overrides) {
        return parse(yaml, overrides, HarnessConfig.class);
    }

    /** Loads {@code file} as any config record type (the curation pipeline has its own), with overrides. */
    public static <T> T load(Path file, List<String> overrides, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", file.toString(), "file not found");
        } catch (IOException e) {
            throw new ConfigException("--config", file.toString(), "cannot be read: " + e.getMessage());
        }
        return parse(text, overrides, type);
    }

    /** Binds YAML text to {@code type}; see {@link #load(Path, List, Class)}. */
    public static <T> T parse(String yaml, List<String> overrides, Class<T> type) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigException("<file>", loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr(),
                    "is not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree instanceof NullNode) tree = JsonNodeFactory.instance.objectNode();
        if (!tree.isObject()) throw new ConfigException("<file>", tree.getNodeType(), "must be a YAML mapping of sections");
        for (String o : overrides) applyOverride((ObjectNode) tree, o);
        return bind(tree, type, "");
    }

    /**
     * Binds one subtree to {@code type}; errors name the field with {@code pathPrefix} in front (e.g.
     * {@code stages[2]}), so a config section bound separately still reports where it is in the file.
     */
    public static <T> T bind(JsonNode tree, Class<T> type, String pathPrefix) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            ConfigException ce = translate(e);
            return throwWithPrefix(ce, pathPrefix);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException jpe) return throwWithPrefix(translate(jpe), pathPrefix);
            throw e;
        }
    }

    private static <T> T throwWithPrefix(ConfigException ce, String prefix) {
        throw prefix.isEmpty() ? ce : ce.path().equals("<file>") ? new ConfigException(prefix, ce.value(), ce.reason())
                : ce.withPrefix(prefix);
    }

    /** The YAML mapper's tree form of any config value (for canonical fingerprints and config.yaml). */
    public static JsonNode tree(Object value) {
        return YAML.valueToTree(value);
    }

    /** The resolved configuration as YAML (every default filled in), as written to a run folder. */
    public static String toYaml(Object config) {
        try {
            JsonNode tree = YAML.valueToTree(config);
            // Run folders must not keep secrets: spark.conf values are redacted as Spark redacts its own settings.
            if (tree.path("spark").path("conf") instanceof ObjectNode conf && conf.size() > 0) {
                java.util.Map<String, String> plain = new java.util.TreeMap<>();
                conf.fields().forEachRemaining(e -> plain.put(e.getKey(), e.getValue().asText()));
                org.sparkharness.driver.spark.SparkSetup.redact(plain).forEach(conf::put);
            }
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    private static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new ConfigException("--set", override, "must look like section.field=value");
        String[] keys = override.substring(0, eq).split("\\.");
        JsonNode value;
        try {
            value = YAML.readTree(override.substring(eq + 1));
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set", override, "value is not valid YAML");
        }
        // Keys walk mappings; a numeric key indexes a list (stages.1.keep=0.3).
        JsonNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = childOf(node, keys[i], override);
            if (child == null || !(child.isObject() || child.isArray())) {
                if (!node.isObject()) throw new ConfigException("--set", override, "no list element " + keys[i]);
                child = ((ObjectNode) node).putObject(keys[i]);
            }
            node = child;
        }
        String last = keys[keys.length - 1];
        JsonNode v = value == null ? NullNode.instance : value;
        if (node.isArray()) {
            int idx = listIndex(node, last, override);
            ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(idx, v);
        } else {
            ((ObjectNode) node).set(last, v);
        }
    }

    private static JsonNode childOf(JsonNode node, String key, String override) {
        return node.isArray() ? node.get(listIndex(node, key, override)) : node.get(key);
    }

    private static int listIndex(JsonNode list, String key, String override) {
        try {
            int idx = Integer.parseInt(key);
            if (idx >= 0 && idx < list.size()) return idx;
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new ConfigException("--set", override, "'" + key + "' must index the list, 0.." + (list.size() - 1));
    }

    private static ConfigException translate(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof ConfigException ce) {
            return path.isEmpty() ? ce : ce.withPrefix(path);
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            List<String> known = upe.getKnownPropertyIds() == null ? List.of()
                    : upe.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return new ConfigException(path, upe.getPropertyName(), "unknown field; allowed fields here: " + known);
        }
        if (e instanceof InvalidTypeIdException tie) {
            List<String> names = subtypeNames(tie.getBaseType().getRawClass());
            String where = join(path, typeProperty(tie.getBaseType().getRawClass()));
            return tie.getTypeId() == null
                    ? new ConfigException(where, null, "is required; one of " + names)
                    : new ConfigException(where, tie.getTypeId(), "unknown name; allowed: " + names);
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null && mie.getTargetType().isEnum()) {
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) mie.getTargetType();
            return new ConfigException(path, valueAt(e), "must be one of " + String.join(", ", YamlNames.of(type)));
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return new ConfigException(path, valueAt(e), "expected " + describe(mie.getTargetType()));
        }
        return new ConfigException(path.isEmpty() ? "<file>" : path, null, e.getOriginalMessage());
    }

    private static String valueAt(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        int q = msg.indexOf('"');
        int q2 = q < 0 ? -1 : msg.indexOf('"', q + 1);
        return q2 > q ? msg.substring(q + 1, q2) : "(see file)";
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping";
        return "a mapping for " + type.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) parts.add(r.getFieldName());
            else if (r.getIndex() >= 0) parts.add("[" + r.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String join(String path, String field) { return path.isEmpty() ? field : path + "." + field; }

    private static String typeProperty(Class<?> base) {
        com.fasterxml.jackson.annotation.JsonTypeInfo info = base.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeInfo.class);
        return info == null ? "type" : info.property();
    }

    /** The short names a polymorphic config section accepts, from its {@code @JsonSubTypes}. */
    /** The YAML type name of {@code value} in the first {@code @JsonSubTypes} above its class that lists it. */
    public static String subtypeName(Object value) {
        for (Class<?> base : value.getClass().getInterfaces()) {
            JsonSubTypes sub = base.getAnnotation(JsonSubTypes.class);
            if (sub == null) continue;
            for (JsonSubTypes.Type t : sub.value()) if (t.value().isInstance(value)) return t.name();
        }
        return value.getClass().getSimpleName();
    }

    public static List<String> subtypeNames(Class<?> base) {
        JsonSubTypes sub = base.getAnnotation(JsonSubTypes.class);
        if (sub == null) return List.of();
        return Arrays.stream(sub.value()).map(JsonSubTypes.Type::name).toList();
    }
}
