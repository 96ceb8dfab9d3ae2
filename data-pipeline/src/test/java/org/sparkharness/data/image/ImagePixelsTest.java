package org.sparkharness.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.table.RowProblem;

/**
 * Decoding, channel conversion and resizing on tiny hand-made images, each value worked out by hand: bilinear weights
 * from pixel centres, BT.601 luma, channels-first layout.
 */
class ImagePixelsTest {
    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer");
        return out.toByteArray();
    }

    /** An RGB image from rows of 0xRRGGBB. */
    static BufferedImage rgb(int[][] rows) {
        BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows.length; y++) for (int x = 0; x < rows[y].length; x++) image.setRGB(x, y, rows[y][x]);
        return image;
    }

    /** An 8-bit grey image from rows of levels. */
    static BufferedImage grey(int[][] rows) {
        BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows.length; y++) for (int x = 0; x < rows[y].length; x++) image.getRaster().setSample(x, y, 0, rows[y][x]);
        return image;
    }

    static double[] scaled(double... levels) {
        return Arrays.stream(levels).map(v -> v / 255).toArray();
    }

    static double[] decode(BufferedImage image, ImageSize size) throws IOException {
        ImagePixels.Decoded d = ImagePixels.decode(png(image), size);
        assertEquals(RowProblem.NONE, d.problem());
        return d.features();
    }

    @Test
    void greyPngKeepsItsLevelsInsteadOfBeingGammaBrightened() throws IOException {
        double[] x = decode(grey(new int[][] {{0, 64}, {128, 255}}), new ImageSize(2, 2, 1));
        assertArrayEquals(scaled(0, 64, 128, 255), x, 1e-12);
    }

    @Test
    void colourBecomesGreyByBt601LumaAndStaysRowMajor() throws IOException {
        double[] x = decode(rgb(new int[][] {{0xff0000, 0x00ff00}, {0x0000ff, 0x102030}}), new ImageSize(2, 2, 1));
        assertArrayEquals(scaled(0.299 * 255, 0.587 * 255, 0.114 * 255, 0.299 * 16 + 0.587 * 32 + 0.114 * 48), x, 1e-12);
    }

    @Test
    void threeChannelsAreFlattenedChannelsFirst() throws IOException {
        double[] x = decode(rgb(new int[][] {{0x010203, 0x040506}}), new ImageSize(1, 2, 3));
        assertArrayEquals(scaled(1, 4, 2, 5, 3, 6), x, 1e-12);
    }

    @Test
    void greyToThreeChannelsRepeatsTheLevel() throws IOException {
        double[] x = decode(grey(new int[][] {{10, 200}}), new ImageSize(1, 2, 3));
        assertArrayEquals(scaled(10, 200, 10, 200, 10, 200), x, 1e-12);
    }

    @Test
    void sixteenBitGreyIsRoundedToEightBits() throws IOException {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 65535);
        image.getRaster().setSample(1, 0, 0, 257 * 100);
        image.getRaster().setSample(2, 0, 0, 0);
        assertArrayEquals(scaled(255, 100, 0), decode(image, new ImageSize(1, 3, 1)), 1e-12);
    }

    /** Pixel centres: target pixel i samples source x = (i + 0.5)/2 − 0.5, clamped at the edges. */
    @Test
    void upscalingIsBilinearBetweenPixelCentres() throws IOException {
        double[] x = decode(grey(new int[][] {{0, 200}}), new ImageSize(1, 4, 1));
        assertArrayEquals(scaled(0, 50, 150, 200), x, 1e-12);
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() throws IOException {
        double[] x = decode(grey(new int[][] {{0, 60, 8, 8}, {120, 200, 8, 8}}), new ImageSize(1, 2, 1));
        assertArrayEquals(scaled(95, 8), x, 1e-12);
    }

    @Test
    void shrinkingByFourAveragesAllSixteenPixels() throws IOException {
        int[][] rows = {{0, 16, 32, 48}, {64, 80, 96, 112}, {128, 144, 160, 176}, {192, 208, 224, 240}};
        assertArrayEquals(scaled(120), decode(grey(rows), new ImageSize(1, 1, 1)), 1e-12);
    }

    @Test
    void filesThatAreNoImagesAreToldApart() throws IOException {
        ImageSize size = new ImageSize(2, 2, 1);
        byte[] good = png(grey(new int[][] {{1, 2}, {3, 4}}));
        assertEquals(RowProblem.EMPTY_FILE, ImagePixels.decode(new byte[0], size).problem());
        assertEquals(RowProblem.NOT_AN_IMAGE,
                ImagePixels.decode("label,pixels\n3,0 0 0\n".getBytes(StandardCharsets.UTF_8), size).problem());
        ImagePixels.Decoded truncated = ImagePixels.decode(Arrays.copyOf(good, good.length / 2), size);
        assertEquals(RowProblem.CORRUPT_IMAGE, truncated.problem());
        assertNull(truncated.features());
    }
}
