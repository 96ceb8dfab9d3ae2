package org.sparkharness.data.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.sparkharness.data.table.RowProblem;

/**
 * One image file to one example: decoded with {@code javax.imageio} (PNG, JPEG, GIF, BMP, TIFF), brought to 8-bit
 * RGB, resized to exactly {@link ImageSize} with java.awt's bilinear interpolation, converted to the requested
 * channels and flattened channels first ({@code [channel][row][column]}), each value scaled to [0, 1].
 *
 * <pre>
 *   grey = 0.299·R + 0.587·G + 0.114·B   (ITU-R BT.601 luma, as PIL's convert("L")); a grey pixel stays its value
 *   x[c·H·W + y·W + x] = channel c at (x, y) / 255
 * </pre>
 *
 * <p>Grey files are read from their raster (java.awt treats 8-bit grey as linear light and would brighten it in
 * {@code getRGB}); 16-bit grey is rounded to 8 bits. Alpha is dropped (the colour under it is kept). Shrinking by
 * more than half is done in halving steps first (each a 2×2 average), so thin lines are not skipped the way one
 * bilinear step skips them. Runs headless; pure and thread-safe.
 */
public final class ImagePixels {
    /** BT.601 luma weights. */
    static final double RED = 0.299;
    static final double GREEN = 0.587;
    static final double BLUE = 0.114;

    static {
        // Executors have no display; BufferedImage drawing needs no toolkit, but never let AWT look for one.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private ImagePixels() {}

    /** An example's values, or why the file gives none. */
    public record Decoded(double[] features, RowProblem problem) {
        static Decoded of(RowProblem problem) {
            return new Decoded(null, problem);
        }
    }

    /** The file's bytes as an example of {@code size}: {@link RowProblem#NONE} with the values, or the problem. */
    public static Decoded decode(byte[] bytes, ImageSize size) {
        if (bytes == null || bytes.length == 0) return Decoded.of(RowProblem.EMPTY_FILE);
        BufferedImage image;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return Decoded.of(RowProblem.NOT_AN_IMAGE);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Decoders report damaged data with IOExceptions and, for some formats, with runtime exceptions.
            return Decoded.of(RowProblem.CORRUPT_IMAGE);
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) return Decoded.of(RowProblem.CORRUPT_IMAGE);
        return new Decoded(features(image, size), RowProblem.NONE);
    }

    /** {@code image} resized to {@code size}, channels first, scaled to [0, 1]. */
    public static double[] features(BufferedImage image, ImageSize size) {
        BufferedImage rgb = resize(toRgb(image), size.width(), size.height());
        int w = size.width();
        int h = size.height();
        int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
        double[] out = new double[size.flatSize()];
        int plane = size.pixels();
        for (int i = 0; i < plane; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            if (size.channels() == 3) {
                out[i] = r / 255.0;
                out[plane + i] = g / 255.0;
                out[2 * plane + i] = b / 255.0;
            } else {
                out[i] = luma(r, g, b) / 255.0;
            }
        }
        return out;
    }

    /** BT.601 luma of an 8-bit RGB pixel, in [0, 255]; exactly the value when r = g = b. */
    static double luma(int r, int g, int b) {
        return r == g && g == b ? r : RED * r + GREEN * g + BLUE * b;
    }

    /** An 8-bit RGB copy of {@code image}: grey from its raster, colour through the colour model (sRGB). */
    static BufferedImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        if (isGrey(image)) {
            Raster raster = image.getRaster();
            int max = (1 << image.getSampleModel().getSampleSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = max == 255 ? row[x] : (int) Math.round(row[x] * 255.0 / max);
                    row[x] = (v << 16) | (v << 8) | v;
                }
                rgb.setRGB(0, y, w, 1, row, 0, w);
            }
        } else {
            rgb.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
        }
        return rgb;
    }

    /** A grey image whose raster holds the grey levels directly (1 or 2 bands: grey, alpha). */
    private static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getNumColorComponents() == 1
                && image.getSampleModel().getSampleSize(0) <= 16;
    }

    /**
     * {@code rgb} at {@code width × height}: halving steps while a side is at least twice its target, then one
     * bilinear step.
     */
    static BufferedImage resize(BufferedImage rgb, int width, int height) {
        BufferedImage current = rgb;
        while (current.getWidth() >= 2 * width || current.getHeight() >= 2 * height) {
            int w = current.getWidth() >= 2 * width ? current.getWidth() / 2 : current.getWidth();
            int h = current.getHeight() >= 2 * height ? current.getHeight() / 2 : current.getHeight();
            current = draw(current, w, h);
        }
        return current.getWidth() == width && current.getHeight() == height ? current : draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage src, int width, int height) {
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
