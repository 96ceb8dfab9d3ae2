package org.sparkharness.data.image;

import java.io.Serializable;
import java.util.List;

/**
 * The size every image is brought to: {@code height × width} pixels in {@code channels} channels, 1 (grey) or 3
 * (RGB). An example holds {@code channels · height · width} values, channels first.
 */
public record ImageSize(int height, int width, int channels) implements Serializable {
    /** The channel counts an image can be converted to. */
    public static final List<Integer> CHANNELS = List.of(1, 3);

    public ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image height and width must be >= 1, got " + height + "x" + width);
        }
        if (!CHANNELS.contains(channels)) {
            throw new IllegalArgumentException("image channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
    }

    /** From {@code [height, width, channels]} as the config gives it. */
    public static ImageSize of(List<Integer> hwc) {
        if (hwc == null || hwc.size() != 3) {
            throw new IllegalArgumentException("expected [height, width, channels], got " + hwc);
        }
        return new ImageSize(hwc.get(0), hwc.get(1), hwc.get(2));
    }

    /** Pixels per channel. */
    public int pixels() {
        return height * width;
    }

    /** Values per example. */
    public int flatSize() {
        return channels * height * width;
    }

    public List<Integer> toList() {
        return List.of(height, width, channels);
    }
}
