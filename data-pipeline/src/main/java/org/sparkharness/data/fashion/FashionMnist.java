package org.sparkharness.data.fashion;

import static org.sparkharness.data.fashion.FashionMnistFiles.ALL;
import static org.sparkharness.data.fashion.FashionMnistFiles.DEBIAN_GZ_SHA256;
import static org.sparkharness.data.fashion.FashionMnistFiles.MINI_GZ_SHA256;
import static org.sparkharness.data.fashion.FashionMnistFiles.MINI_IDX_SHA256;
import static org.sparkharness.data.fashion.FashionMnistFiles.OFFICIAL_IDX_SHA256;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.data.dataset.DatasetCorruptException;
import org.sparkharness.data.dataset.DatasetDir;
import org.sparkharness.data.dataset.DatasetFingerprint;
import org.sparkharness.data.dataset.DatasetUnavailableException;
import org.sparkharness.data.dataset.Sha256Sums;
import org.sparkharness.data.dataset.Split;
import org.sparkharness.data.idx.IdxArray;
import org.sparkharness.data.idx.IdxFormatException;
import org.sparkharness.data.idx.IdxReader;
import org.sparkharness.executors.io.HadoopConf;

/**
 * Loads Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, arXiv 1708.07747) from a directory holding the four standard IDX
 * files, on any Hadoop file system.
 *
 * <p>Files: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}; each may also be stored decompressed under the name without {@code .gz}
 * (compression is detected from the bytes). Pixels become {@code pixel / 255f}; ids are the index in the file.
 *
 * <p>Checks, each failing with a message that names the file: missing files ({@link DatasetUnavailableException},
 * naming {@code scripts/fetch-data fashion-mnist}); when the directory has a {@code SHA256SUMS} file, every file read
 * must match it; IDX structure; images 28×28; as many labels as images; labels in 0..9
 * ({@link DatasetCorruptException}). Without {@code SHA256SUMS} the content is not compared with the official
 * checksums: use {@link #verify} for that.
 *
 * <p>Stateless and thread-safe. A split is read whole into memory (the training images are 26 MB compressed,
 * 188 MB as FLOAT features).
 */
public final class FashionMnist {

    /** Display name used in messages and fingerprints. */
    public static final String NAME = "Fashion-MNIST";
    /** The command that fetches the full dataset (run from the repository root). */
    public static final String FETCH_COMMAND = "scripts/fetch-data fashion-mnist";
    /** Where {@link #FETCH_COMMAND} writes by default, relative to the repository root. */
    public static final String DEFAULT_DIR = "data/fashion-mnist";

    public static final int NUM_CLASSES = 10;
    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    /** Features per example: {@code HEIGHT · WIDTH}. */
    public static final int PIXELS = HEIGHT * WIDTH;
    /** Class names by label, from the Fashion-MNIST README. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);
    /** Rows converted to FLOAT per block, bounding the temporary heap array to about 31 MB. */
    private static final int BLOCK_ROWS = 10_000;

    private FashionMnist() {
    }

    /** Loads {@code split} from {@code dirUri} (plain local path, {@code file://}, {@code hdfs://}, ...). */
    public static LabeledImages load(String dirUri, Split split) {
        return load(dirUri, split, HadoopConf.get());
    }

    /**
     * Loads {@code split} from {@code dirUri} using {@code hadoopConf} for the file system.
     *
     * @throws DatasetUnavailableException when a file of the split is missing
     * @throws DatasetCorruptException     when a file is damaged or inconsistent
     */
    public static LabeledImages load(String dirUri, Split split, Configuration hadoopConf) {
        DatasetDir dir = DatasetDir.open(dirUri, hadoopConf);
        Map<String, String> stored = locate(dir, List.of(FashionMnistFiles.images(split), FashionMnistFiles.labels(split)));
        Map<String, String> sums = readSums(dir);
        return build(dir, split, stored, sums, readChecked(dir, stored, sums));
    }

    /**
     * Checks that {@code dirUri} holds the four files, listing the directory only (nothing is read), so a run fails in
     * a second before Spark starts when the dataset has not been fetched.
     *
     * @throws DatasetUnavailableException naming the missing files and {@link #FETCH_COMMAND}
     */
    public static void requireFiles(String dirUri, Configuration hadoopConf) {
        locate(DatasetDir.open(dirUri, hadoopConf), ALL);
    }

    /** Both splits and the fingerprint of a directory, reading and hashing each file once. */
    public record Loaded(LabeledImages train, LabeledImages test, DatasetFingerprint fingerprint) {}

    /** {@link #load} of both splits plus {@link #verify}, with one read of each file instead of two. */
    public static Loaded loadAll(String dirUri) {
        DatasetDir dir = DatasetDir.open(dirUri, HadoopConf.get());
        Map<String, String> stored = locate(dir, ALL);
        Map<String, String> sums = readSums(dir);
        Map<String, byte[]> bytes = readChecked(dir, stored, sums);
        return new Loaded(build(dir, Split.TRAIN, stored, sums, bytes), build(dir, Split.TEST, stored, sums, bytes),
                fingerprint(dir, stored, sums, bytes));
    }

    /** Stored file name → its bytes, each checked against SHA256SUMS when the directory has one. */
    private static Map<String, byte[]> readChecked(DatasetDir dir, Map<String, String> stored, Map<String, String> sums) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String file : stored.values()) bytes.put(file, checkedBytes(dir, file, sums));
        return bytes;
    }

    private static LabeledImages build(DatasetDir dir, Split split, Map<String, String> stored,
                                       Map<String, String> sums, Map<String, byte[]> bytes) {
        long start = System.nanoTime();
        String imagesFile = stored.get(FashionMnistFiles.images(split));
        String labelsFile = stored.get(FashionMnistFiles.labels(split));
        IdxArray images = parse(dir, imagesFile, bytes.get(imagesFile), sums);
        IdxArray labels = parse(dir, labelsFile, bytes.get(labelsFile), sums);

        int[] imageDims = images.dims();
        if (images.rank() != 3 || imageDims[1] != HEIGHT || imageDims[2] != WIDTH) {
            throw corrupt(dir, imagesFile, sums, "expected images of " + HEIGHT + "×" + WIDTH + " pixels (magic "
                    + "0x00000803, n×28×28), found " + describe(images));
        }
        if (labels.rank() != 1) {
            throw corrupt(dir, labelsFile, sums, "expected labels (magic 0x00000801, one dimension), found "
                    + describe(labels));
        }
        if (images.count() == 0) {
            throw corrupt(dir, imagesFile, sums, "it holds no images (header count 0)");
        }
        if (labels.count() != images.count()) {
            throw corrupt(dir, labelsFile, sums, "it holds " + labels.count() + " labels but " + imagesFile
                    + " holds " + images.count() + " images");
        }
        int n = labels.count();
        int[] labelValues = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            labelValues[i] = labels.unsigned(i);
            if (labelValues[i] >= NUM_CLASSES) {
                throw corrupt(dir, labelsFile, sums, "label " + labelValues[i] + " at index " + i
                        + " is outside 0.." + (NUM_CLASSES - 1));
            }
            ids[i] = i;
        }
        LabeledImages result = new LabeledImages(toFeatures(images), labelValues, ids, NUM_CLASSES);
        LOG.info("Loaded {} {}: {} examples from {} ({} ms, SHA256SUMS {})", NAME, split.label(), n, dir,
                (System.nanoTime() - start) / 1_000_000, sums.isEmpty() ? "absent" : "verified");
        return result;
    }

    /** {@link #verify(String, Configuration)} with a default Hadoop configuration. */
    public static DatasetFingerprint verify(String dirUri) {
        return verify(dirUri, HadoopConf.get());
    }

    /**
     * Hashes the four files of {@code dirUri}, checks them against its {@code SHA256SUMS} when present, and
     * classifies them: {@code official} when every file's gz bytes match Debian's or its decompressed bytes match
     * the official release, {@code subset} when they match {@code testdata/fashion-mnist-mini}, else
     * {@code unknown}. Does not parse the IDX structure.
     *
     * @throws DatasetUnavailableException when any of the four files is missing
     * @throws DatasetCorruptException     on a {@code SHA256SUMS} mismatch or undecodable gzip data
     */
    public static DatasetFingerprint verify(String dirUri, Configuration hadoopConf) {
        DatasetDir dir = DatasetDir.open(dirUri, hadoopConf);
        Map<String, String> stored = locate(dir, ALL);
        Map<String, String> sums = readSums(dir);
        return fingerprint(dir, stored, sums, readChecked(dir, stored, sums));
    }

    private static DatasetFingerprint fingerprint(DatasetDir dir, Map<String, String> stored,
                                                  Map<String, String> sums, Map<String, byte[]> read) {
        Map<String, String> fileSha = new TreeMap<>();
        List<String> notOfficial = new ArrayList<>();
        boolean allMini = true;
        boolean allDebianGz = true;
        for (String name : ALL) {
            String file = stored.get(name);
            byte[] bytes = read.get(file);
            String sha = Sha256Sums.sha256(bytes);
            fileSha.put(file, sha);
            boolean debianGz = file.equals(name) && sha.equals(DEBIAN_GZ_SHA256.get(name));
            allDebianGz &= debianGz;
            String contentSha = debianGz ? OFFICIAL_IDX_SHA256.get(name) : contentSha256(dir, file, bytes, sums);
            if (!contentSha.equals(OFFICIAL_IDX_SHA256.get(name))) {
                notOfficial.add(file);
            }
            allMini &= contentSha.equals(MINI_IDX_SHA256.get(name));
        }
        String kind;
        String description;
        if (notOfficial.isEmpty()) {
            kind = DatasetFingerprint.OFFICIAL;
            description = "Fashion-MNIST 60,000 train + 10,000 test, " + (allDebianGz
                    ? FashionMnistFiles.DEBIAN_RELEASE + " files"
                    : "content identical to the Zalando release");
        } else if (allMini) {
            kind = DatasetFingerprint.SUBSET;
            description = FashionMnistFiles.MINI_NAME + ": first " + FashionMnistFiles.MINI_TRAIN_COUNT
                    + " train and " + FashionMnistFiles.MINI_TEST_COUNT + " test examples of Fashion-MNIST";
        } else {
            kind = DatasetFingerprint.UNKNOWN;
            description = "content differs from the official release and from known subsets: "
                    + String.join(", ", notOfficial);
        }
        return new DatasetFingerprint(NAME, dir.uri(), kind, description, fileSha, !sums.isEmpty());
    }

    /** Standard file name → stored name ({@code x.gz} or {@code x}); one exception listing every missing file. */
    private static Map<String, String> locate(DatasetDir dir, List<String> names) {
        Map<String, String> stored = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean dirExists = dir.exists();
        for (String name : names) {
            String plain = FashionMnistFiles.uncompressedName(name);
            if (dirExists && dir.hasFile(name)) {
                stored.put(name, name);
            } else if (dirExists && dir.hasFile(plain)) {
                stored.put(name, plain);
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetUnavailableException(NAME, dir.display(), dirExists, missing, FETCH_COMMAND, DEFAULT_DIR);
        }
        return stored;
    }

    /** The directory's SHA256SUMS as name → hex, or an empty map when there is none. */
    private static Map<String, String> readSums(DatasetDir dir) {
        if (!dir.hasFile(Sha256Sums.FILE_NAME)) {
            return Map.of();
        }
        try {
            return Sha256Sums.parse(dir.readAll(Sha256Sums.FILE_NAME), Sha256Sums.FILE_NAME);
        } catch (IllegalArgumentException e) {
            throw new DatasetCorruptException(NAME, dir.display(Sha256Sums.FILE_NAME), e.getMessage(),
                    fix(dir, Map.of()), e);
        }
    }

    /** The file's bytes after checking them against SHA256SUMS (when the directory has one). */
    private static byte[] checkedBytes(DatasetDir dir, String file, Map<String, String> sums) {
        byte[] bytes = dir.readAll(file);
        if (sums.isEmpty()) {
            return bytes;
        }
        String expected = sums.get(file);
        if (expected == null) {
            LOG.warn("{} does not list {}: its checksum is not verified", dir.display(Sha256Sums.FILE_NAME), file);
            return bytes;
        }
        String actual = Sha256Sums.sha256(bytes);
        if (!actual.equals(expected)) {
            throw corrupt(dir, file, sums, "its sha256 is " + actual + " but " + Sha256Sums.FILE_NAME + " in the same"
                    + " directory expects " + expected + " (" + bytes.length + " bytes read)");
        }
        return bytes;
    }

    private static IdxArray parse(DatasetDir dir, String file, byte[] bytes, Map<String, String> sums) {
        try {
            return IdxReader.read(bytes, dir.display(file));
        } catch (IdxFormatException e) {
            throw new DatasetCorruptException(NAME, dir.display(file), e.problem(), fix(dir, sums), e);
        }
    }

    /** SHA-256 of the decompressed bytes (of the bytes themselves when not gzipped). */
    private static String contentSha256(DatasetDir dir, String file, byte[] bytes, Map<String, String> sums) {
        MessageDigest digest = Sha256Sums.digest();
        try (InputStream in = new DigestInputStream(
                IdxReader.decompressIfGzip(new ByteArrayInputStream(bytes)), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw corrupt(dir, file, sums, "gzip data cannot be decompressed: " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** [n, 784] FLOAT, pixel / 255f, converted in blocks so that no 188 MB float[] is needed on the heap. */
    private static INDArray toFeatures(IdxArray images) {
        int n = images.count();
        byte[] pixels = images.data();
        INDArray features = Nd4j.create(DataType.FLOAT, n, PIXELS);
        float[] block = new float[Math.min(n, BLOCK_ROWS) * PIXELS];
        for (int first = 0; first < n; first += BLOCK_ROWS) {
            int rows = Math.min(BLOCK_ROWS, n - first);
            int offset = first * PIXELS;
            float[] values = rows * PIXELS == block.length ? block : new float[rows * PIXELS];
            for (int i = 0; i < values.length; i++) {
                values[i] = (pixels[offset + i] & 0xFF) / 255f;
            }
            features.get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all())
                    .assign(Nd4j.create(values, new long[] {rows, PIXELS}, 'c'));
        }
        return features;
    }

    private static String describe(IdxArray array) {
        return String.format("magic 0x%08X with dimensions %s", array.magic(),
                String.join("×", java.util.Arrays.stream(array.dims()).mapToObj(Integer::toString).toList()));
    }

    private static DatasetCorruptException corrupt(DatasetDir dir, String file, Map<String, String> sums,
                                                   String problem) {
        return new DatasetCorruptException(NAME, dir.display(file), problem, fix(dir, sums), null);
    }

    /**
     * How to repair a damaged file: restore the committed subset from git when the directory's SHA256SUMS is the
     * subset's, else re-fetch with {@code scripts/fetch-data} (locally, or locally and then copy for remote dirs).
     */
    private static String fix(DatasetDir dir, Map<String, String> sums) {
        if (!sums.isEmpty() && MINI_GZ_SHA256.entrySet().stream()
                .allMatch(e -> e.getValue().equals(sums.get(e.getKey())))) {
            return "This is the committed test subset: restore it with `git checkout -- "
                    + FashionMnistFiles.MINI_DIR + "` (see its README.md to regenerate it)";
        }
        if (dir.isLocal()) {
            return "Re-fetch it with `" + FETCH_COMMAND + " --dest " + dir.localPath() + "`";
        }
        return "Re-fetch it with `" + FETCH_COMMAND + " --dest DIR` and copy DIR to " + dir.display();
    }
}
