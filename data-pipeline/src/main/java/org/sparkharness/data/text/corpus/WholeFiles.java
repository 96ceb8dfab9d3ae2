package org.sparkharness.data.text.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Formats that read each file whole (one JSON message, one text, or a text cut into chunks). The sorted names are
 * parallelized in contiguous slices, so partitions keep the file order; each task opens its files through Hadoop
 * (any file system; compressed by extension) and parses them. A file that cannot be read becomes one corrupt record.
 *
 * <p>Chosen for the 6,046 SpamAssassin messages over {@code wholeTextFiles} + Jackson, whose combined splits do not
 * keep file order (ids would need a sort), and over Spark's multi-line JSON reader with {@code input_file_name()},
 * which needs a schema (or a pass to infer one), loses the file order too and lists a glob of many small local files
 * slowly. Measured on 2 busy cores: 0.7-1.5 s a pass here, 2.2-3.1 s for {@code wholeTextFiles} + Jackson,
 * 13-19 s for the multi-line JSON reader (mostly listing).
 */
final class WholeFiles {

    /** Turns one file's bytes into records; called on executors. */
    @FunctionalInterface
    interface Parser extends Serializable {
        List<Record> parse(String name, byte[] bytes, Utf8Decoder decoder);
    }

    /** Files per partition are capped by bytes: 32 MB keeps a task's working set small. */
    static final long BYTES_PER_PARTITION = 32L << 20;

    private WholeFiles() {}

    static JavaRDD<Record> read(ReadContext ctx, InputFiles files, Parser parser) {
        Broadcast<SerializableConfiguration> conf = ctx.taskConf();
        String base = files.base();
        int slices = ctx.partitionsFor(files, BYTES_PER_PARTITION);
        return ctx.jsc.parallelize(files.names(), slices).mapPartitions(names -> {
            Configuration hadoop = conf.value().value();
            CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
            Utf8Decoder decoder = new Utf8Decoder();
            Iterator<List<Record>> perFile = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return names.hasNext();
                }

                @Override
                public List<Record> next() {
                    String name = names.next();
                    byte[] bytes;
                    try {
                        bytes = readAll(child(base, name), hadoop, codecs);
                    } catch (IOException e) {
                        return List.of(Record.corrupt(name, -1, "unreadable: " + e, 0));
                    }
                    return parser.parse(name, bytes, decoder);
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(perFile, Spliterator.ORDERED), false)
                    .flatMap(List::stream)
                    .iterator();
        }, true);
    }

    /** All bytes of {@code file}, decompressed when its extension names a codec ({@code .gz}, {@code .bz2}, ...). */
    static byte[] readAll(Path file, Configuration conf, CompressionCodecFactory codecs) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        CompressionCodec codec = codecs.getCodec(file);
        try (InputStream raw = fs.open(file);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return in.readAllBytes();
        }
    }

    /** {@code base/name}, built from URI parts so that a {@code :} in a name is not read as a scheme. */
    static Path child(String base, String name) {
        URI b = new Path(base).toUri();
        String dir = b.getPath().endsWith("/") ? b.getPath() : b.getPath() + "/";
        try {
            return new Path(new URI(b.getScheme(), b.getAuthority(), dir + name, null, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot form a URI for " + name + " under " + base, e);
        }
    }
}
