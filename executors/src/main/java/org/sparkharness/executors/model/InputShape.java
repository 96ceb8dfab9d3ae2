package org.sparkharness.executors.model;

import java.io.Serializable;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Shape of one example as stored (flattened, channels first) and what the network predicts from it.
 *
 * @param outputs the output layer's width: the number of classes (at least 2) for classification, the number of
 *                targets (at least 1) for regression
 * @param task    classification or regression
 */
public record InputShape(int height, int width, int channels, int outputs, Task task) implements Serializable {
    public InputShape {
        Check.positiveInt("height", height);
        Check.positiveInt("width", width);
        Check.positiveInt("channels", channels);
        if (task == null) throw new ConfigException("task", null, "must be one of classification, regression");
        if (task == Task.CLASSIFICATION && outputs < 2) throw new ConfigException("classes", outputs, "must be >= 2");
        if (task == Task.REGRESSION && outputs < 1) throw new ConfigException("outputs", outputs, "must be >= 1");
    }

    /** A classifier's input: {@code numClasses} classes. */
    public InputShape(int height, int width, int channels, int numClasses) {
        this(height, width, channels, numClasses, Task.CLASSIFICATION);
    }

    /** 28×28 grey images, 10 classes (MNIST, Fashion-MNIST). */
    public static InputShape fashionMnist() { return new InputShape(28, 28, 1, 10); }

    public int flatSize() { return height * width * channels; }

    public boolean isRegression() { return task == Task.REGRESSION; }
}
