package org.sparkharness.executors.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A user's DL4J configuration made into one the harness trains: read from what {@code toJson()} or {@code toYaml()}
 * wrote, its updaters replaced by NoOp and its L1/L2/weight decay removed (the harness's optimizer steps and decays
 * the weights on the parameter server), its seed set to the run's.
 */
public final class Dl4jConfigs {
    private Dl4jConfigs() {}

    /** A MultiLayerConfiguration or ComputationGraphConfiguration, as JSON or YAML. */
    public static Object parse(String text) {
        String t = text.strip();
        boolean json = t.startsWith("{");
        boolean graph = json ? t.contains("\"vertices\"") : t.contains("vertices:");
        try {
            if (graph) return json ? ComputationGraphConfiguration.fromJson(t) : ComputationGraphConfiguration.fromYaml(t);
            return json ? MultiLayerConfiguration.fromJson(t) : MultiLayerConfiguration.fromYaml(t);
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("not a DL4J " + (graph ? "ComputationGraphConfiguration" : "MultiLayerConfiguration")
                    + " in " + (json ? "JSON" : "YAML") + " (what toJson() or toYaml() writes): " + rootMessage(e), e);
        }
    }

    /** The configuration as JSON (the form specs carry to the executors). */
    public static String toJson(Object conf) {
        return conf instanceof ComputationGraphConfiguration g ? g.toJson() : ((MultiLayerConfiguration) conf).toJson();
    }

    /**
     * Replaces updaters and removes regularisation, in place; returns one line per kind of change, for the log
     * (empty when the configuration already was as the harness needs it).
     */
    public static List<String> harnessReady(Object conf) {
        Map<String, Integer> updaters = new LinkedHashMap<>();
        int batchNorm = 0;
        Map<String, Integer> regularisations = new LinkedHashMap<>();
        for (NeuralNetConfiguration layerConf : layerConfs(conf)) {
            if (layerConf.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) batchNorm++;
            if (!(layerConf.getLayer() instanceof BaseLayer layer)) continue;
            if (layer.getIUpdater() != null && !(layer.getIUpdater() instanceof NoOp)) {
                updaters.merge(layer.getIUpdater().getClass().getSimpleName(), 1, Integer::sum);
            }
            layer.setIUpdater(new NoOp());
            layer.setBiasUpdater(new NoOp());
            List<Object> regs = new ArrayList<>();
            if (layer.getRegularization() != null) regs.addAll(layer.getRegularization());
            if (layer.getRegularizationBias() != null) regs.addAll(layer.getRegularizationBias());
            for (Object r : regs) regularisations.merge(r.getClass().getSimpleName(), 1, Integer::sum);
            layer.setRegularization(new ArrayList<>());
            layer.setRegularizationBias(new ArrayList<>());
        }
        List<String> notes = new ArrayList<>();
        updaters.forEach((u, n) -> notes.add("the configuration's " + u + " updater (" + n + " layer" + (n == 1 ? "" : "s")
                + ") is replaced by the harness's optimizer (optimizer.type)"));
        regularisations.forEach((r, n) -> notes.add("the configuration's " + r + " (" + n + " layer"
                + (n == 1 ? "" : "s") + ") is removed: use the optimizer's weightDecay"));
        if (batchNorm > 0) {
            notes.add("warning: " + batchNorm + " BatchNormalization layer" + (batchNorm == 1 ? "" : "s") + ": DL4J keeps "
                    + "their running mean and variance as parameters with an update rule of their own, which the "
                    + "harness's optimizer replaces like any other; the statistics used for evaluation are approximate");
        }
        return notes;
    }

    /**
     * A copy of {@code conf} that DL4J's own {@code fit()} trains with {@code updater} on every trainable layer's
     * weights and biases, {@code weightRegularization} on weights and none on biases. {@code conf} is not modified.
     */
    public static Object withTraining(Object conf, org.nd4j.linalg.learning.config.IUpdater updater,
                                      List<org.nd4j.linalg.learning.regularization.Regularization> weightRegularization) {
        Object copy = conf instanceof ComputationGraphConfiguration g ? g.clone() : ((MultiLayerConfiguration) conf).clone();
        for (NeuralNetConfiguration c : layerConfs(copy)) {
            if (c.getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(updater.clone());
                layer.setBiasUpdater(null); // null: biases use the layer's updater
                layer.setRegularization(List.copyOf(weightRegularization));
                layer.setRegularizationBias(List.of());
            }
        }
        return copy;
    }

    /** Sets the seed that draws the initial weights (and dropout masks), in place. */
    public static void seed(Object conf, long seed) {
        if (conf instanceof ComputationGraphConfiguration g) g.getDefaultConfiguration().setSeed(seed);
        for (NeuralNetConfiguration c : layerConfs(conf)) c.setSeed(seed);
    }

    /** A new initialised network of this configuration. */
    public static Model build(Object conf) {
        if (conf instanceof ComputationGraphConfiguration g) {
            ComputationGraph graph = new ComputationGraph(g);
            graph.init();
            return graph;
        }
        MultiLayerNetwork net = new MultiLayerNetwork((MultiLayerConfiguration) conf);
        net.init();
        return net;
    }

    /** The configuration of a built network (shared with it, not a copy). */
    public static Object configuration(Model network) {
        if (network instanceof ComputationGraph g) return g.getConfiguration();
        return ((MultiLayerNetwork) network).getLayerWiseConfigurations();
    }

    /** A new network of this configuration holding a copy of {@code params} (its flat layout). */
    public static Model build(Object conf, org.nd4j.linalg.api.ndarray.INDArray params) {
        if (conf instanceof ComputationGraphConfiguration g) {
            ComputationGraph graph = new ComputationGraph(g);
            graph.init(params, true);
            return graph;
        }
        MultiLayerNetwork net = new MultiLayerNetwork((MultiLayerConfiguration) conf);
        net.init(params, true);
        return net;
    }

    private static List<NeuralNetConfiguration> layerConfs(Object conf) {
        if (conf instanceof MultiLayerConfiguration m) return m.getConfs();
        List<NeuralNetConfiguration> out = new ArrayList<>();
        for (var v : ((ComputationGraphConfiguration) conf).getVertices().values()) {
            if (v instanceof LayerVertex lv) out.add(lv.getLayerConf());
        }
        return out;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e.getMessage();
    }
}
