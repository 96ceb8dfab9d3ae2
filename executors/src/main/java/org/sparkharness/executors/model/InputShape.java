package org.sparkharness.executors.model;

import java.io.Serializable;
import org.sparkharness.optimizers.config.Check;

/** Shape of one example as stored (flattened, channels first) and the number of classes. */
public record InputShape(int height, int width, int channels, int numClasses) implements Serializable {
    public InputShape {
        Check.positiveInt("height", height);
        Check.positiveInt("width", width);
        Check.positiveInt("channels", channels);
        if (numClasses < 2) throw new org.sparkharness.optimizers.config.ConfigException("numClasses", numClasses, "must be >= 2");
    }

    /** 28×28 grey images, 10 classes (MNIST, Fashion-MNIST). */
    public static InputShape fashionMnist() { return new InputShape(28, 28, 1, 10); }

    public int flatSize() { return height * width * channels; }
}
