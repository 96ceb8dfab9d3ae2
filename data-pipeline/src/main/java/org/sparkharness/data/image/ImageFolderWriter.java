package org.sparkharness.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.fashion.FashionMnist;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.executors.io.HadoopConf;

/**
 * Writes Fashion-MNIST's IDX files as an image folder, {@code <dest>/train/<class name>/<index>.png} and the same
 * under {@code test/}: one 8-bit grey PNG per example, named by its index in the IDX file (its Fashion-MNIST id).
 * Class folders are the dataset's class names with '/' made '-' ({@code T-shirt-top}); read back with
 * {@code data.format: image} they are numbered in sorted order, not in Fashion-MNIST's label order.
 *
 * <p>Usage (scripts/make-image-folder): {@code ImageFolderWriter IDX_DIR DEST [LIMIT]}, LIMIT the examples per split
 * (default all). Both paths are Hadoop URIs or local paths.
 */
public final class ImageFolderWriter {
    private ImageFolderWriter() {}

    /** Fashion-MNIST's class names as folder names. */
    public static List<String> folderNames() {
        return FashionMnist.CLASS_NAMES.stream().map(n -> n.replace('/', '-')).toList();
    }

    /**
     * Writes the first {@code limit} examples of {@code images} (null: all) to {@code <root>/<class>/<index>.png}.
     *
     * @return the examples written
     */
    public static int write(LabeledImages images, String root, Integer limit, Configuration conf) {
        List<String> names = folderNames();
        int n = limit == null ? images.size() : Math.min(limit, images.size());
        float[] pixels = images.features().data().asFloat();
        int side = FashionMnist.WIDTH;
        Path base = new Path(root);
        try {
            FileSystem fs = base.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc file beside every PNG on the local file system
            for (int i = 0; i < n; i++) {
                BufferedImage image = new BufferedImage(side, FashionMnist.HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
                int[] levels = new int[FashionMnist.PIXELS];
                for (int p = 0; p < levels.length; p++) {
                    levels[p] = Math.round(pixels[i * FashionMnist.PIXELS + p] * 255f); // exact: pixels are level / 255f
                }
                image.getRaster().setSamples(0, 0, side, FashionMnist.HEIGHT, 0, levels);
                Path file = new Path(new Path(base, names.get(images.label(i))), images.id(i) + ".png");
                try (OutputStream out = fs.create(file, true)) {
                    if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer in this JVM");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image folder " + root, e);
        }
        return n;
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ImageFolderWriter IDX_DIR DEST [LIMIT_PER_SPLIT]");
            System.exit(2);
        }
        Integer limit = args.length == 3 ? Integer.valueOf(args[2]) : null;
        Configuration conf = HadoopConf.get();
        for (Split split : Split.values()) {
            String dest = args[1] + "/" + split.label();
            int n = write(FashionMnist.load(args[0], split, conf), dest, limit, conf);
            System.out.println("wrote " + n + " PNGs to " + dest + "/<class name>/<index>.png");
        }
    }
}
