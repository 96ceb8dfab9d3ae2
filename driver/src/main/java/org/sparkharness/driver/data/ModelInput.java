package org.sparkharness.driver.data;

import java.util.List;
import org.sparkharness.driver.config.DataConfig;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.Task;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * The model's input for the data: Fashion-MNIST as 28×28 images, a table's rows as a flat vector, or as images when
 * {@code data.imageShape} says their shape, image folders at {@code data.imageSize}. Refuses, naming both sides, a
 * shape that does not hold the rows' features and a CNN on rows too small for it. Pure.
 */
public final class ModelInput {
    /** Smallest image side the LeNet-style CNN accepts: ((side − 4) / 2 − 4) / 2 must leave at least one pixel. */
    static final int LENET_MIN_SIDE = 16;

    private ModelInput() {}

    /**
     * @param width   features per row
     * @param outputs classes, or regression targets ({@code data.task})
     */
    public static InputShape of(HarnessConfig config, int width, int outputs) {
        return of(config.data(), config.model(), width, outputs, "data.");
    }

    /** The same for a data section under {@code prefix} (curation reads {@code input.images.}). */
    public static InputShape of(DataConfig data, ModelSpec model, int width, int outputs, String prefix) {
        List<Integer> image = data.isTable() ? data.exampleShape() : List.of(28, 28, 1);
        String field = prefix + (data.isImageFolder() ? "imageSize" : "imageShape");
        Task task = data.task().modelTask();
        InputShape shape = image == null ? new InputShape(1, width, 1, outputs, task)
                : new InputShape(image.get(0), image.get(1), image.get(2), outputs, task);
        if (shape.flatSize() != width) {
            throw new ConfigException(field, image, "holds " + shape.flatSize() + " values per example, but "
                    + "the rows have " + width + " features");
        }
        if (model instanceof LeNetSpec && (shape.height() < LENET_MIN_SIDE || shape.width() < LENET_MIN_SIDE)) {
            throw new ConfigException("model.type", "cnn", "needs images of at least " + LENET_MIN_SIDE + "x"
                    + LENET_MIN_SIDE + " (two 5x5 convolutions and 2x2 poolings); the rows are " + shape.height() + "x"
                    + shape.width() + ": set " + field + ": [height, width, channels], or use type mlp or logistic");
        }
        return shape;
    }
}
