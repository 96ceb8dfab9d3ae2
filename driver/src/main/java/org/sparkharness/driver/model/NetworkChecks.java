package org.sparkharness.driver.model;

import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Checks a network against the data before any worker starts, each mismatch in one message naming both sides: the
 * examples it reads (one forward pass of two blank examples), the width of its output against the classes or
 * regression targets, and its loss against the task.
 */
public final class NetworkChecks {
    /** Losses over class probabilities (one-hot labels). */
    static final Set<String> CLASSIFICATION_LOSSES = Set.of("LossMCXENT", "LossNegativeLogLikelihood");
    /** Losses over real targets. */
    static final Set<String> REGRESSION_LOSSES = Set.of("LossMSE", "LossL2", "LossL1", "LossMAE", "LossMSLE",
            "LossMAPE", "LossWasserstein");

    private NetworkChecks() {}

    /** @param field the config field the network comes from ({@code model.type}, {@code model.config}, …) */
    public static void check(Dl4jNetwork net, InputShape input, String field, Object value) {
        String data = input.height() == 1 && input.channels() == 1
                ? input.width() + " features per example"
                : "images [height, width, channels] = " + List.of(input.height(), input.width(), input.channels())
                        + " (" + input.flatSize() + " values)";
        INDArray blank = Nd4j.zeros(DataType.FLOAT, 2, input.flatSize());
        INDArray out;
        try {
            out = net.output(blank, false);
        } catch (RuntimeException e) {
            throw new ConfigException(field, value, "the " + net.kind() + " does not read the data's examples ("
                    + data + "): " + rootMessage(e));
        }
        long width = out.rank() == 2 ? out.size(1) : -1;
        String wanted = input.isRegression() ? input.outputs() + " regression targets" : input.outputs() + " classes";
        if (width != input.outputs()) {
            throw new ConfigException(field, value, "the network's output has " + (width < 0
                    ? "shape " + java.util.Arrays.toString(out.shape()) : width + " values per example")
                    + " but the data has " + wanted + " (set the output layer's nOut to " + input.outputs() + ")");
        }
        ILossFunction loss = net.outputLayer().loss();
        String name = loss == null ? "none" : loss.getClass().getSimpleName();
        Set<String> fits = input.isRegression() ? REGRESSION_LOSSES : CLASSIFICATION_LOSSES;
        if (!fits.contains(name)) {
            throw new ConfigException(field, value, "the output layer's loss is " + name + " but data.task is "
                    + input.task().key() + ", which needs one of " + fits.stream().sorted().toList());
        }
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
            if (e.getMessage() != null) m = e.getMessage();
        }
        return m;
    }
}
