package org.sparkharness.data.fashion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.sparkharness.data.dataset.Sha256Sums;
import org.sparkharness.data.idx.IdxArray;
import org.sparkharness.data.idx.IdxReader;
import org.sparkharness.data.idx.IdxWriter;

/**
 * Cuts {@code testdata/fashion-mnist-mini} from the full Fashion-MNIST files: the first 1,000 training and the
 * first 500 test examples, written as IDX gzipped at level 9 under the standard names, plus {@code SHA256SUMS}.
 *
 * <p>Refuses input whose decompressed content is not the official release. Uses only JDK classes and the IDX
 * package (no ND4J, no Hadoop), so it runs from the compiled classes:
 * <pre>
 * mvn -q -o -pl data-pipeline -am test-compile
 * java -cp data-pipeline/target/classes:data-pipeline/target/test-classes \
 *     org.sparkharness.data.fashion.MiniSubsetGenerator data/fashion-mnist testdata/fashion-mnist-mini
 * </pre>
 */
public final class MiniSubsetGenerator {

    private MiniSubsetGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MiniSubsetGenerator FULL_DIR DEST_DIR");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path dest = Path.of(args[1]);
        Files.createDirectories(dest);
        Map<String, String> sums = new TreeMap<>();
        for (String name : FashionMnistFiles.ALL) {
            Path file = source.resolve(name);
            IdxArray full = IdxReader.read(Files.readAllBytes(file), file.toString());
            String fullSha = Sha256Sums.sha256(IdxWriter.toBytes(full, false));
            if (!fullSha.equals(FashionMnistFiles.OFFICIAL_IDX_SHA256.get(name))) {
                throw new IllegalStateException(file + " is not the official Fashion-MNIST file: decompressed sha256 "
                        + fullSha + ", expected " + FashionMnistFiles.OFFICIAL_IDX_SHA256.get(name));
            }
            int count = name.startsWith("train")
                    ? FashionMnistFiles.MINI_TRAIN_COUNT : FashionMnistFiles.MINI_TEST_COUNT;
            IdxArray subset = full.head(count);
            byte[] gz = IdxWriter.toBytes(subset, true);
            Files.write(dest.resolve(name), gz);
            sums.put(name, Sha256Sums.sha256(gz));
            System.out.printf("%-28s %5d of %5d examples  gz %7d bytes  gz sha256 %s  idx sha256 %s%n", name, count,
                    full.count(), gz.length, sums.get(name), Sha256Sums.sha256(IdxWriter.toBytes(subset, false)));
        }
        Files.writeString(dest.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums));
        System.out.println("wrote " + dest.resolve(Sha256Sums.FILE_NAME));
    }
}
