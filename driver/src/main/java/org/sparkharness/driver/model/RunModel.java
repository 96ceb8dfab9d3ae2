package org.sparkharness.driver.model;

import java.util.function.Consumer;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.Dl4jSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.model.ZooSpec;

/**
 * The run's network on the driver: built for the data's shape, checked against it ({@link NetworkChecks}), started
 * from a saved model's weights where one was given, and the spec the executors build theirs from.
 */
public record RunModel(ModelSpec spec, NetworkAdapter layout) {

    public static RunModel build(ModelSources.Resolved resolved, ModelSpec configured,
                                 org.sparkharness.executors.model.InputShape input, long seed, Consumer<String> progress) {
        resolved.notes().forEach(n -> progress.accept("model: " + n));
        Dl4jNetwork net = resolved.spec().network(input, seed);
        NetworkChecks.check(net, input, field(configured), value(configured));
        if (resolved.initialParams() != null) net.setParams(resolved.initialParams());
        progress.accept(String.format(java.util.Locale.ROOT, "model: %s, %,d parameters (%s)", net.kind(), net.numParams(), value(configured)));
        return new RunModel(resolved.spec(), new NetworkAdapter(net));
    }

    /** The config field a network comes from, for messages. */
    static String field(ModelSpec configured) {
        if (configured instanceof Dl4jSpec d) return d.config() != null ? "model.config" : "model.path";
        if (configured instanceof ZooSpec) return "model.name";
        return "model.type";
    }

    static Object value(ModelSpec configured) {
        if (configured instanceof Dl4jSpec d) return d.source();
        if (configured instanceof ZooSpec z) return "zoo " + z.name();
        return configured.getClass().getSimpleName().replace("Spec", "").toLowerCase(java.util.Locale.ROOT);
    }
}
