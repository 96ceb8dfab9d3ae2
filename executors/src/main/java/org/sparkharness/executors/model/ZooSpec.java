package org.sparkharness.executors.model;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.learning.config.NoOp;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * A model of DL4J's zoo ({@code deeplearning4j-zoo}), sized from the data: {@code model: {type: zoo, name: resnet50}}.
 * Its input is the data's image shape and its output the data's classes; weights start from the run's seed
 * ({@code pretrained: false}: the zoo's pretrained weights are downloaded from the internet when asked for; to start
 * from them, save such a model and use {@code type: dl4j, path:}). Classification only: every zoo model ends in softmax.
 * DL4J's SimpleCNN ends in a bare softmax activation, which nothing can train; here it ends in a softmax
 * cross-entropy LossLayer instead (same parameters).
 */
public record ZooSpec(String name, Boolean pretrained) implements ModelSpec {
    public static final List<String> NAMES = List.of("lenet", "simplecnn", "alexnet", "vgg16", "resnet50", "squeezenet",
            "darknet19");

    private static final java.util.Map<String, int[]> DEFAULT_SHAPES = java.util.Map.of("lenet", new int[] {1, 28, 28},
            "simplecnn", new int[] {3, 48, 48}, "alexnet", new int[] {3, 224, 224}, "vgg16", new int[] {3, 224, 224},
            "resnet50", new int[] {3, 224, 224}, "squeezenet", new int[] {3, 227, 227}, "darknet19", new int[] {3, 224, 224});

    public ZooSpec {
        name = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) throw new ConfigException("name", name, "must be one of " + NAMES);
        if (Boolean.TRUE.equals(pretrained)) {
            throw new ConfigException("pretrained", true, "is not supported: the zoo downloads pretrained weights from "
                    + "the internet; save a pretrained model with ModelSerializer and use type: dl4j, path: <zip>");
        }
        pretrained = false;
    }

    @Override
    public Dl4jNetwork network(InputShape input, long seed) {
        if (input.isRegression()) {
            throw new UnsupportedModelException("zoo model " + name + " ends in softmax with cross-entropy: it classifies; "
                    + "for data.task: regression use type mlp, cnn or dl4j");
        }
        int[] shape = {input.channels(), input.height(), input.width()};
        int classes = input.outputs();
        Model zoo;
        try {
            zoo = zooModel(shape, classes, seed);
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("zoo model " + name + " cannot be built for images [height, width, channels] = "
                    + java.util.List.of(input.height(), input.width(), input.channels()) + ": " + e.getMessage()
                    + " (the zoo's networks are made for larger images; " + name + "'s own default is "
                    + java.util.Arrays.toString(DEFAULT_SHAPES.get(name)) + " [channels, height, width])", e);
        }
        if (zoo instanceof MultiLayerNetwork net && endsInBareSoftmax(net)) zoo = withCrossEntropy(net, seed);
        // Without the L2 or weight decay of the zoo's own recipe (layers read it from their configuration).
        Dl4jConfigs.harnessReady(zoo instanceof ComputationGraph g ? g.getConfiguration()
                : ((MultiLayerNetwork) zoo).getLayerWiseConfigurations());
        return Dl4jNetwork.of(zoo, input);
    }

    /** DL4J's SimpleCNN ends in a softmax ActivationLayer with no loss: neither fit() nor the harness can train it. */
    private static boolean endsInBareSoftmax(MultiLayerNetwork net) {
        var confs = net.getLayerWiseConfigurations().getConfs();
        return confs.get(confs.size() - 1).getLayer() instanceof ActivationLayer a
                && a.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax;
    }

    /** The same network ending in a softmax cross-entropy LossLayer instead (no parameters change). */
    private static MultiLayerNetwork withCrossEntropy(MultiLayerNetwork net, long seed) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        var last = conf.getConfs().get(conf.getConfs().size() - 1);
        String layerName = last.getLayer().getLayerName();
        last.setLayer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .name(layerName).build());
        Dl4jConfigs.seed(conf, seed);
        MultiLayerNetwork fixed = new MultiLayerNetwork(conf);
        fixed.init();
        return fixed;
    }

    private Model zooModel(int[] shape, int classes, long seed) {
        return switch (name) {
            case "lenet" -> LeNet.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "simplecnn" -> SimpleCNN.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "alexnet" -> AlexNet.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "vgg16" -> VGG16.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "resnet50" -> ResNet50.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "squeezenet" -> SqueezeNet.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            case "darknet19" -> Darknet19.builder().seed(seed).inputShape(shape).numClasses(classes).updater(new NoOp()).build().init();
            default -> throw new IllegalStateException(name);
        };
    }
}
