package org.sparkharness.driver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.sparkharness.driver.run.RunSetupException;
import org.sparkharness.executors.io.HadoopConf;

/**
 * Reads {@code --config}: a local file, any Hadoop URI ({@code hdfs://…}, {@code s3a://…}), or a file shipped with
 * {@code spark-submit --files}, named by its file name. The last case matters in client deploy mode, where the driver
 * runs in the submitting shell's folder and the shipped file is found under the path it was given to {@code --files},
 * and in cluster mode, where the file may have been copied into the driver's working folder.
 */
final class ConfigFile {
    private ConfigFile() {}

    static String read(String location, SparkConf submitted) {
        if (hasScheme(location)) return readHadoop(location, submitted);
        Path local = Path.of(location);
        if (Files.isRegularFile(local)) return readLocal(local);
        String name = local.getFileName() == null ? location : local.getFileName().toString();
        Path here = Path.of(name);
        if (Files.isRegularFile(here)) return readLocal(here);
        List<String> shipped = shipped(submitted);
        for (String uri : shipped) {
            // --files a.yaml#b.yaml ships a.yaml under the name b.yaml.
            int fragment = uri.indexOf('#');
            String source = fragment >= 0 ? uri.substring(0, fragment) : uri;
            String shippedAs = fragment >= 0 ? uri.substring(fragment + 1) : source.substring(source.lastIndexOf('/') + 1);
            if (shippedAs.equals(name)) return readShipped(source, submitted);
        }
        throw new RunSetupException("--config " + location + ": no such file here (" + Path.of("").toAbsolutePath()
                + ")" + (shipped.isEmpty() ? "; give a local path or a Hadoop URI (hdfs://…), or ship the file "
                + "with spark-submit --files" : " nor among the files shipped with --files " + shipped));
    }

    private static String readShipped(String uri, SparkConf submitted) {
        return hasScheme(uri) ? readHadoop(uri, submitted) : readLocal(Path.of(uri));
    }

    private static List<String> shipped(SparkConf conf) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("spark.files", "spark.yarn.dist.files")) {
            for (String f : conf.get(key, "").split(",")) {
                if (!f.isBlank()) out.add(f.trim());
            }
        }
        return out;
    }

    private static boolean hasScheme(String location) {
        try {
            String scheme = new URI(location).getScheme();
            return scheme != null && scheme.length() > 1; // not a Windows drive letter
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String readLocal(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("--config " + file + ": cannot read it", e);
        }
    }

    private static String readHadoop(String uri, SparkConf submitted) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = path.getFileSystem(HadoopConf.from(submitted));
            try (InputStream in = fs.open(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.io.FileNotFoundException e) {
            throw new RunSetupException("--config " + uri + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("--config " + uri + ": cannot read it", e);
        }
    }
}
