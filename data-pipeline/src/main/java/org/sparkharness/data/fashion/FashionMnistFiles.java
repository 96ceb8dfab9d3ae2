package org.sparkharness.data.fashion;

import java.util.List;
import java.util.Map;

import org.sparkharness.data.dataset.Split;

/**
 * File names and pinned SHA-256 values of Fashion-MNIST (docs/algorithms/data-pipeline.md §5). Plain constants without
 * ND4J or Hadoop, so that small tools (the test-subset generator) can use them.
 */
final class FashionMnistFiles {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    /** The four standard names, in the order train images, train labels, test images, test labels. */
    static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Examples per split in the official release. */
    static final int OFFICIAL_TRAIN_COUNT = 60_000;
    static final int OFFICIAL_TEST_COUNT = 10_000;

    /** The Debian package the gz files below come from. */
    static final String DEBIAN_RELEASE = "Debian dataset-fashion-mnist 0.0~git20200523.55506a9-1";

    /** SHA-256 of the gz files as shipped by Debian (recompressed: upstream gz bytes differ). */
    static final Map<String, String> DEBIAN_GZ_SHA256 = Map.of(
            TRAIN_IMAGES, "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            TRAIN_LABELS, "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            TEST_IMAGES, "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            TEST_LABELS, "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    /** SHA-256 of the decompressed IDX bytes: identical for the Debian and the upstream Zalando files. */
    static final Map<String, String> OFFICIAL_IDX_SHA256 = Map.of(
            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** The committed subset {@code testdata/fashion-mnist-mini}: first 1,000 train and 500 test examples. */
    static final String MINI_NAME = "fashion-mnist-mini";
    static final String MINI_DIR = "testdata/fashion-mnist-mini";
    static final int MINI_TRAIN_COUNT = 1_000;
    static final int MINI_TEST_COUNT = 500;

    /** SHA-256 of the decompressed IDX bytes of the mini subset (independent of the zlib that compressed them). */
    static final Map<String, String> MINI_IDX_SHA256 = Map.of(
            TRAIN_IMAGES, "e40edda7e9d8af05f5b762673ec21bbef87429a0c217d9e7953c711409749e45",
            TRAIN_LABELS, "78ada934314bea75dcf5d086dfaad6ca75d2ed2801b6e35392fdb406a6338c12",
            TEST_IMAGES, "c9bd0ed7148856eb2287d902861921296d6c36d95a5113341a35554343e84123",
            TEST_LABELS, "9f5f7b9143df7bffff73a8bf7d8a53545dbf787f86e5e195c64401d2c6f8f372");

    /** SHA-256 of the committed gz files of the mini subset (its SHA256SUMS). */
    static final Map<String, String> MINI_GZ_SHA256 = Map.of(
            TRAIN_IMAGES, "f6e28a05ffd228fa36a2acc291ff79739db730fe23b9cad93f46a129564ba976",
            TRAIN_LABELS, "2d3c206437426d4414eceba9ee9fd06ad9e57836f34d985a9ed8ea45515791ae",
            TEST_IMAGES, "0998ab9d83d45a6135ba58d637d4bf0b880712ff848c0973ec3be165fbac09d4",
            TEST_LABELS, "217f1fa4d22a8e24e0c95ae532f4aea6536d7c7670dc4f2e626b5d81c57b3aea");

    private FashionMnistFiles() {
    }

    static String images(Split split) {
        return split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES;
    }

    static String labels(Split split) {
        return split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS;
    }

    /** The name without {@code .gz}: the loader also accepts decompressed files under that name. */
    static String uncompressedName(String gzName) {
        return gzName.substring(0, gzName.length() - ".gz".length());
    }
}
