package org.sparkharness.data.text.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.util.LineReader;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Lines of text files with Hadoop's line rules ({@link LineReader}: ends {@code \n}, {@code \r\n} or {@code \r}, as
 * Python's text mode reads them; no empty line after a final newline; a UTF-8 byte order mark at the start of a file
 * dropped), decoded as UTF-8 with malformed bytes replaced and counted.
 *
 * <p>Two ways in, chosen per file, with partitions always in file order: a large uncompressed file is split by size
 * through {@link TextInputFormat} (each split starts at the first line boundary after its offset, so no line is read
 * twice, and {@link IdPlan} adds the lines of earlier splits); every other file (compressed ones, which Hadoop cannot
 * split anyway, and small ones) is read whole by a task that takes a contiguous run of such files, so that a
 * directory of many small files costs a few tasks rather than one task per file.
 */
final class HadoopLines {

    /** A line, decoded; {@link #error} is set instead of {@link #text} when the file could not be read further. */
    static final class Line implements Serializable {
        private static final long serialVersionUID = 1L;

        final String file;
        /** 0-based, counted from the first line of this partition's part of the file. */
        final long index;
        final String text;
        final long replacedChars;
        final String error;

        Line(String file, long index, String text, long replacedChars, String error) {
            this.file = file;
            this.index = index;
            this.text = text;
            this.replacedChars = replacedChars;
            this.error = error;
        }
    }

    /** Largest split without a partitions option; Hadoop's local block size. */
    static final long MAX_SPLIT_BYTES = 32L << 20;
    /** Smallest split without a partitions option: below it, a task costs more than it reads. */
    static final long MIN_SPLIT_BYTES = 1L << 20;

    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private HadoopLines() {}

    static JavaRDD<Line> read(ReadContext ctx, InputFiles files) {
        long splitBytes = splitBytes(ctx, files);
        CompressionCodecFactory codecs = new CompressionCodecFactory(ctx.hadoopConf);
        List<JavaRDD<Line>> parts = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        long groupBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            boolean whole = codecs.getCodec(files.path(i)) != null || files.size(i) <= splitBytes;
            if (!whole || (!group.isEmpty() && groupBytes + files.size(i) > splitBytes)) {
                if (!group.isEmpty()) {
                    groups.add(group);
                    group = new ArrayList<>();
                    groupBytes = 0;
                }
            }
            if (whole) {
                group.add(files.name(i));
                groupBytes += files.size(i);
                continue;
            }
            if (!groups.isEmpty()) {
                parts.add(wholeFiles(ctx, files.base(), groups));
                groups = new ArrayList<>();
            }
            parts.add(splitFile(ctx, files.path(i), files.name(i), splitBytes));
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        if (!groups.isEmpty()) {
            parts.add(wholeFiles(ctx, files.base(), groups));
        }
        @SuppressWarnings("unchecked")
        JavaRDD<Line>[] array = parts.toArray(new JavaRDD[0]);
        // Spark's union keeps its parents' partitions in order.
        return array.length == 1 ? array[0] : ctx.jsc.union(array);
    }

    /**
     * Bytes per partition: the input's total over its {@code partitions} option, else over Spark's parallelism,
     * kept between {@link #MIN_SPLIT_BYTES} and {@link #MAX_SPLIT_BYTES}.
     */
    static long splitBytes(ReadContext ctx, InputFiles files) {
        if (ctx.input.partitions() != null) {
            return Math.max(1, ReadContext.ceilDiv(files.totalBytes(), ctx.input.partitions()));
        }
        long even = ReadContext.ceilDiv(files.totalBytes(), ctx.jsc.defaultParallelism());
        return Math.min(MAX_SPLIT_BYTES, Math.max(MIN_SPLIT_BYTES, even));
    }

    /** One partition per group of files, each file read whole, in order. */
    private static JavaRDD<Line> wholeFiles(ReadContext ctx, String base, List<List<String>> groups) {
        Broadcast<SerializableConfiguration> conf = ctx.taskConf();
        return ctx.jsc.parallelize(groups, groups.size())
                .mapPartitions(it -> new WholeFileLines(base, it, conf.value().value()), true);
    }

    /** Splits of one large uncompressed file through {@link TextInputFormat}, in offset order. */
    private static JavaRDD<Line> splitFile(ReadContext ctx, Path path, String name, long splitBytes) {
        Configuration conf = new Configuration(ctx.hadoopConf);
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes);
        Job job;
        try {
            job = Job.getInstance(conf);
            FileInputFormat.setInputPaths(job, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the text input of " + path, e);
        }
        JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) ctx.jsc.newAPIHadoopRDD(
                job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
        return raw.mapPartitionsWithInputSplit((split, lines) -> new SplitLines(name, lines), true);
    }

    /**
     * Lines of one split, from Hadoop's record reader. When the file cannot be read further, yields one
     * {@link Line} with the error and stops, so that the job reports the damage instead of failing.
     */
    private static final class SplitLines implements Iterator<Line> {
        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final Utf8Decoder decoder = new Utf8Decoder();
        private long index;
        private Line pending;
        private boolean done;

        SplitLines(String file, Iterator<Tuple2<LongWritable, Text>> lines) {
            this.file = file;
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                pending = advance();
            }
            return pending != null;
        }

        @Override
        public Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Line l = pending;
            pending = null;
            return l;
        }

        private Line advance() {
            try {
                if (!lines.hasNext()) {
                    done = true;
                    return null;
                }
                Text value = lines.next()._2();
                String text = decoder.decode(value.getBytes(), 0, value.getLength());
                return new Line(file, index++, text, decoder.takeReplaced(), null);
            } catch (Exception e) {
                // Scala iterators throw the record reader's IOException unchecked; anything else is not ours.
                if (!(e instanceof IOException)) {
                    throw e;
                }
                done = true;
                return new Line(file, index, null, 0, "unreadable: " + e);
            }
        }
    }

    /**
     * Lines of whole files, one file after the other (decompressed by extension). A file that cannot be opened or
     * read further yields one {@link Line} with the error, then the next file is read.
     */
    private static final class WholeFileLines implements Iterator<Line> {
        private final String base;
        private final Iterator<String> names;
        private final Configuration conf;
        private final CompressionCodecFactory codecs;
        private final Utf8Decoder decoder = new Utf8Decoder();
        private final Text buffer = new Text();
        private String file;
        private InputStream in;
        private LineReader reader;
        private long index;
        private Line pending;

        WholeFileLines(String base, Iterator<List<String>> groups, Configuration conf) {
            this.base = base;
            List<String> all = new ArrayList<>();
            groups.forEachRemaining(all::addAll);
            this.names = all.iterator();
            this.conf = conf;
            this.codecs = new CompressionCodecFactory(conf);
            TaskContext task = TaskContext.get();
            if (task != null) { // a task stopped early (a limit, a failure) still closes the open file
                task.addTaskCompletionListener((TaskCompletionListener) context -> close());
            }
        }

        @Override
        public boolean hasNext() {
            while (pending == null && (reader != null || names.hasNext())) {
                pending = reader == null ? open(names.next()) : readLine();
            }
            return pending != null;
        }

        @Override
        public Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Line l = pending;
            pending = null;
            return l;
        }

        /** Opens {@code name}; null when it opened (lines follow), else the error line. */
        private Line open(String name) {
            file = name;
            index = 0;
            Path path = WholeFiles.child(base, name);
            try {
                InputStream raw = path.getFileSystem(conf).open(path);
                in = codecs.getCodec(path) == null ? raw : codecs.getCodec(path).createInputStream(raw);
                reader = new LineReader(in, conf);
                return null;
            } catch (IOException e) {
                close();
                return new Line(file, 0, null, 0, "unreadable: " + e);
            }
        }

        /** The next line, or null at the end of the file (which is then closed). */
        private Line readLine() {
            try {
                if (reader.readLine(buffer) == 0) {
                    close();
                    return null;
                }
            } catch (IOException e) {
                close();
                return new Line(file, index, null, 0, "unreadable: " + e);
            }
            byte[] bytes = buffer.getBytes();
            int offset = 0;
            if (index == 0 && startsWithBom(bytes, buffer.getLength())) {
                offset = UTF8_BOM.length;
            }
            String text = decoder.decode(bytes, offset, buffer.getLength() - offset);
            return new Line(file, index++, text, decoder.takeReplaced(), null);
        }

        private static boolean startsWithBom(byte[] bytes, int length) {
            return length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
        }

        private void close() {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException ignored) {
                // Read to the end or already failed: nothing left to lose.
            }
            in = null;
            reader = null;
        }
    }
}
