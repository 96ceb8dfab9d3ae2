package org.sparkharness.data.text.corpus;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Lines of text files through Hadoop's {@link TextInputFormat}: compressed files by extension, large uncompressed
 * files split by size (each split starts at the first line boundary after its offset, so no line is read twice),
 * line ends {@code \n}, {@code \r\n} or {@code \r}, as Python's text mode reads them. Partitions follow the file
 * order given and, within a file, the split offsets, which is what {@link RecordSource} promises.
 */
final class HadoopLines {

    /** A line, decoded; {@link #error} is set instead of {@link #text} when the file could not be read further. */
    static final class Line implements Serializable {
        private static final long serialVersionUID = 1L;

        final String file;
        /** 0-based, counted from the first line of this partition's split of the file. */
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

    private HadoopLines() {}

    static JavaRDD<Line> read(ReadContext ctx, InputFiles files) {
        Configuration conf = new Configuration(ctx.hadoopConf);
        // Several listing threads would return the files in completion order; partitions must follow ours.
        conf.setInt(FileInputFormat.LIST_STATUS_NUM_THREADS, 1);
        if (ctx.input.partitions() != null) {
            long maxSplit = Math.max(1, ReadContext.ceilDiv(files.totalBytes(), ctx.input.partitions()));
            conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplit);
        }
        Path[] paths = new Path[files.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = files.path(i);
        }
        Job job;
        try {
            job = Job.getInstance(conf);
            FileInputFormat.setInputPaths(job, paths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the text input of " + files.base(), e);
        }
        JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) ctx.jsc.newAPIHadoopRDD(
                job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
        String basePath = new Path(files.base()).toUri().getPath();
        String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
        return raw.mapPartitionsWithInputSplit(
                (InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) ->
                        new LineIterator(relativeName(split, prefix), lines),
                true);
    }

    private static String relativeName(InputSplit split, String prefix) {
        String path = ((FileSplit) split).getPath().toUri().getPath();
        if (!path.startsWith(prefix)) {
            throw new IllegalStateException("split " + path + " is not under " + prefix);
        }
        return path.substring(prefix.length());
    }

    /**
     * Decodes each line as UTF-8 (malformed bytes replaced and counted). When the file cannot be read further
     * (truncated or corrupt compressed data), yields one {@link Line} with the error and stops, so that the job
     * reports the damage instead of failing.
     */
    private static final class LineIterator implements Iterator<Line> {
        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final Utf8Decoder decoder = new Utf8Decoder();
        private long index;
        private Line pending;
        private boolean done;

        LineIterator(String file, Iterator<Tuple2<LongWritable, Text>> lines) {
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
}
