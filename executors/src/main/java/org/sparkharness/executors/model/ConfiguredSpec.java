package org.sparkharness.executors.model;

/**
 * A user's DL4J configuration once the driver has read it ({@link Dl4jSpec} names where it is): the JSON the
 * executors build their networks from, already {@linkplain Dl4jConfigs#harnessReady harness-ready}.
 *
 * @param json   a MultiLayerConfiguration or ComputationGraphConfiguration as {@code toJson()} writes it
 * @param origin where it came from, for messages
 */
public record ConfiguredSpec(String json, String origin) implements ModelSpec {
    public ConfiguredSpec {
        if (json == null || json.isBlank()) throw new IllegalArgumentException("no configuration read from " + origin);
    }

    @Override
    public Dl4jNetwork network(InputShape input, long seed) {
        Object conf = Dl4jConfigs.parse(json);
        Dl4jConfigs.seed(conf, seed);
        return Dl4jNetwork.of(Dl4jConfigs.build(conf), input);
    }

    @Override
    public String toString() {
        return "dl4j " + origin; // not the JSON, which can be megabytes
    }
}
